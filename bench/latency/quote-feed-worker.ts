// The paced quote feed in a worker thread of its own (FeedPlacement 'worker-thread'): it first lets the main thread
// check its clock, then listens, sends on 'start' and exits on 'stop'.
import { parentPort, workerData } from 'node:worker_threads';
import type { FeedCommand, FeedEvent, FeedWorkerData } from './latency-protocol';
import { PacedQuoteFeed } from './paced-quote-feed';
import { answerClockPings } from './thread-clock';

const data = workerData as FeedWorkerData;
const post = (event: FeedEvent): void => parentPort?.postMessage(event);

post({ type: 'ready' });
answerClockPings(data.calibrationBuffer);
const feed = await PacedQuoteFeed.listen(data.symbols, data.epochAnchor);
post({ type: 'listening', port: feed.port });
parentPort?.on('message', (command: FeedCommand) => {
  if (command.type === 'start') {
    void feed.send(command.messagesPerSecond, command.count).then((report) => post({ type: 'sent', ...report }));
  } else {
    void feed.close().then(() => process.exit(0));
  }
});
