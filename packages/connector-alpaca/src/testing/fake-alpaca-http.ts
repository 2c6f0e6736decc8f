import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeRestResponse } from './fake-alpaca-rest';

/** Reads a request's URL and JSON body (a body that is not JSON is kept as text, for the router to refuse). */
export async function readJsonRequest(
  request: IncomingMessage,
): Promise<{ readonly url: URL; readonly body: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (text === '') return { url, body: undefined };
  try {
    return { url, body: JSON.parse(text) as unknown };
  } catch {
    return { url, body: text };
  }
}

/** Writes a REST answer with its headers and a `Date` header from the venue's (possibly skewed) clock. */
export function writeRestAnswer(response: ServerResponse, answer: FakeRestResponse, venueNowMs: number): void {
  response.sendDate = false;
  response.setHeader('Date', new Date(venueNowMs).toUTCString());
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.body === undefined) {
    response.writeHead(answer.status).end();
    return;
  }
  response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
}
