import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { symbolIdOf } from '../tick/symbol-id';
import { readTickBatchHeader, tickBatchRecords, tickTopic } from './tick-batch-header';
import { TickBatcher } from './tick-batcher';

const doc = readFileSync(new URL('../../../../docs/bridge-protocol.md', import.meta.url), 'utf8');

/** The hex block of the "Test vector" section of docs/bridge-protocol.md. */
function documentedPayload(): Buffer {
  const section = doc.slice(doc.indexOf('## Test vector'));
  const block = /```\n([0-9a-f \n]+)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('docs/bridge-protocol.md has no hex block under "## Test vector"');
  return Buffer.from(block.replace(/\s+/g, ''), 'hex');
}

describe('the documented tick batch test vector', () => {
  it('is exactly what the bridge sends for the ticks the page describes', () => {
    const records = new Uint8Array(64);
    const view = new DataView(records.buffer);
    for (let index = 0; index < 2; index++) {
      const at = index * 32;
      view.setBigUint64(at, 1_700_000_000_000_000_000n + BigInt(index * 1000), true);
      view.setUint32(at + 8, symbolIdOf('AAPL'), true);
      view.setFloat32(at + 12, 189.5, true);
      view.setFloat32(at + 16, 189.75, true);
      view.setFloat32(at + 20, 100, true);
      view.setUint8(at + 24, 7);
      view.setUint16(at + 26, 13, true);
      view.setUint32(at + 28, 41 + index, true);
    }
    const sent: [string, Buffer][] = [];
    const batcher = new TickBatcher({
      maxBatchRecords: 2,
      maxBatchDelayMicros: 0,
      sessionId: 0x01020304,
      sink: (topic, payload) => sent.push([topic.toString(), Buffer.from(payload)]),
    });
    batcher.add(records, 2);
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe('t.7.58cd330b');
    expect(tickTopic(7, symbolIdOf('AAPL'))).toBe('t.7.58cd330b');
    expect(sent[0]![1].toString('hex')).toBe(documentedPayload().toString('hex'));
  });

  it('decodes to the fields the page lists', () => {
    const payload = documentedPayload();
    const header = readTickBatchHeader(payload);
    expect(header).toEqual({
      protocolVersion: 1,
      headerSize: 16,
      recordSize: 32,
      tickFormatVersion: 1,
      count: 2,
      sessionId: 0x01020304,
      batchSequence: 0,
    });
    const records = tickBatchRecords(payload, header);
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    expect([view.getUint32(28, true), view.getUint32(60, true)]).toEqual([41, 42]);
    expect(view.getFloat32(12, true)).toBe(189.5);
  });
});
