// The consumer on its own thread: attaches to the ring, consumes with the ring's spinning or blocking loop, and for
// every tick reads the clock once, looks up the main thread's receipt time for that ring position, and checks the
// tick's per-symbol sequence number. Nothing on this path allocates, so any GC counted here is the consumer's own.
import { parentPort, workerData } from 'node:worker_threads';
import { consumeBlocking, consumeSpinning, SpscRing } from '../../packages/core/src/ring/index';
import { GcCounter } from '../ring/gc-counter';
import { TickTimestampReader } from './epoch-anchor';
import { LatencyHistogram } from './latency-histogram';
import type { ConsumerEvent, ConsumerWorkerData } from './latency-protocol';
import { answerClockPings } from './thread-clock';

// Tick format v1 word offsets (u32, little-endian): timestamp_ns low/high, symbol_id, sequence.
const TIMESTAMP_LOW_WORD = 0;
const TIMESTAMP_HIGH_WORD = 1;
const SYMBOL_ID_WORD = 2;
const SEQUENCE_WORD = 7;

const data = workerData as ConsumerWorkerData;
const post = (event: ConsumerEvent): void => parentPort?.postMessage(event);
const ring = SpscRing.attach(data.ringBuffer);
const words = ring.uint32;
const receiptTimes = new Float64Array(data.receiptTimesBuffer);
const receiptMask = receiptTimes.length - 1;
const symbolIds = Uint32Array.from(data.symbolIds);
const expectedSequence = new Float64Array(symbolIds.length);
const timestamps = new TickTimestampReader(data.epochAnchor);
const receiptToConsumer = new LatencyHistogram();
const sendToConsumer = new LatencyHistogram();
const warmupTicks = data.warmupTicks;
const gc = new GcCounter();

post({ type: 'ready' });
const clockOffsetMs = answerClockPings(data.calibrationBuffer).offsetMs;

let consumed = 0;
let lost = 0;
let outOfOrder = 0;
let windowStartMs = 0;

function checkSequence(symbolId: number, sequence: number): void {
  let symbolIndex = 0;
  while (symbolIndex < symbolIds.length && symbolIds[symbolIndex] !== symbolId) symbolIndex++;
  if (symbolIndex === symbolIds.length) {
    outOfOrder++;
    return;
  }
  const expected = expectedSequence[symbolIndex]!;
  if (sequence > expected) lost += sequence - expected;
  else if (sequence < expected) outOfOrder++;
  expectedSequence[symbolIndex] = sequence + 1;
}

const handler = (_view: DataView, byteOffset: number): void => {
  const nowMainMs = performance.now() - clockOffsetMs;
  const index = consumed++;
  const word = byteOffset >> 2;
  checkSequence(words[word + SYMBOL_ID_WORD]!, words[word + SEQUENCE_WORD]!);
  if (index < warmupTicks) return;
  if (index === warmupTicks) windowStartMs = performance.now();
  receiptToConsumer.record((nowMainMs - receiptTimes[index & receiptMask]!) * 1000);
  const sentMainMs = timestamps.mainClockMs(words[word + TIMESTAMP_LOW_WORD]!, words[word + TIMESTAMP_HIGH_WORD]!);
  sendToConsumer.record((nowMainMs - sentMainMs) * 1000);
};

if (data.mode === 'spinning') consumeSpinning(ring, handler);
else consumeBlocking(ring, handler);
const windowEndMs = performance.now();

// Ticks that never arrived at all, after the last one seen of each symbol.
const perSymbolBase = Math.floor(data.totalTicks / symbolIds.length);
const remainder = data.totalTicks % symbolIds.length;
for (let symbolIndex = 0; symbolIndex < symbolIds.length; symbolIndex++) {
  const sent = perSymbolBase + (symbolIndex < remainder ? 1 : 0);
  lost += Math.max(0, sent - expectedSequence[symbolIndex]!);
}

post({
  type: 'result',
  receiptToConsumer: receiptToConsumer.summary(),
  sendToConsumer: sendToConsumer.summary(),
  consumed,
  lost,
  outOfOrder,
  gcEvents: windowStartMs === 0 ? 0 : await gc.countIn(windowStartMs, windowEndMs),
  windowMs: windowStartMs === 0 ? 0 : windowEndMs - windowStartMs,
});
