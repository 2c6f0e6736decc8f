// The consumer on its own thread: attaches to the ring, consumes with the ring's spinning or blocking loop, and for
// every tick reads the clock once, looks up the main thread's receipt time for that ring position, and checks the
// tick's per-symbol sequence number. With `measureLatency` off it only checks sequences: then nothing on this thread
// allocates per tick, and the GC events counted belong to the ring path.
import { parentPort, workerData } from 'node:worker_threads';
import { consumeBlocking, consumeSpinning, SpscRing } from '../../packages/core/src/ring/index';
import { GcCounter } from '../ring/gc-counter';
import { TickTimestampAnchor } from './epoch-anchor';
import { LatencyHistogram, tenthsOfUs } from './latency-histogram';
import type { ConsumerEvent, ConsumerWorkerData } from './latency-protocol';
import { answerClockPings, monotonicMs } from './thread-clock';

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
// Int32 copies (symbol ids compared as `| 0`): a u32 above 2^31 would be a heap number wherever it is not inlined.
const symbolIds = Int32Array.from(data.symbolIds, (symbolId) => symbolId | 0);
const expectedSequence = new Int32Array(symbolIds.length);
const anchor = new TickTimestampAnchor(data.epochAnchor);
const receiptToConsumer = new LatencyHistogram();
const sendToConsumer = new LatencyHistogram();
const warmupTicks = data.warmupTicks;
const gc = new GcCounter();

post({ type: 'ready' });
answerClockPings(data.calibrationBuffer);

let consumed = 0;
let sequenceGaps = 0;
let outOfOrder = 0;
let windowStartMs = 0;

// Checks one tick's per-symbol sequence number; takes the tick's word offset (a small integer) so that nothing is
// boxed whether or not the JIT inlines it.
function checkSequence(word: number): void {
  const symbolId = words[word + SYMBOL_ID_WORD]! | 0;
  const sequence = words[word + SEQUENCE_WORD]! | 0;
  let symbolIndex = 0;
  while (symbolIndex < symbolIds.length && symbolIds[symbolIndex] !== symbolId) symbolIndex++;
  if (symbolIndex === symbolIds.length) {
    outOfOrder++;
    return;
  }
  const expected = expectedSequence[symbolIndex]!;
  if (sequence > expected) sequenceGaps += sequence - expected;
  else if (sequence < expected) outOfOrder++;
  expectedSequence[symbolIndex] = sequence + 1;
}

// With the clock: receipt-to-consumer and send-to-consumer per tick. The clock read allocates on Node 20 (see
// thread-clock.ts); the histograms take whole 0.1 us units, which are never boxed.
const measuringHandler = (_view: DataView, byteOffset: number): void => {
  const nowMs = monotonicMs();
  const index = consumed++;
  const word = byteOffset >> 2;
  checkSequence(word);
  if (index < warmupTicks) return;
  if (index === warmupTicks) windowStartMs = performance.now();
  receiptToConsumer.recordTenthsOfUs(tenthsOfUs(nowMs - receiptTimes[index & receiptMask]!));
  const sinceAnchorNs =
    (words[word + TIMESTAMP_HIGH_WORD]! - anchor.high) * 4_294_967_296 +
    (words[word + TIMESTAMP_LOW_WORD]! - anchor.low);
  sendToConsumer.recordTenthsOfUs(tenthsOfUs(nowMs - (sinceAnchorNs / 1e6 - anchor.offsetMs)));
};

// Without the clock: the ring path alone (loop, poll, reading the record, sequence check), for its GC count.
const countingHandler = (_view: DataView, byteOffset: number): void => {
  const index = consumed++;
  checkSequence(byteOffset >> 2);
  if (index === warmupTicks) windowStartMs = performance.now();
};

const handler = data.measureLatency ? measuringHandler : countingHandler;
if (data.mode === 'spinning') consumeSpinning(ring, handler);
else consumeBlocking(ring, handler, data.busyPollUs === undefined ? {} : { busyPollUs: data.busyPollUs });
const windowEndMs = performance.now();

post({
  type: 'result',
  receiptToConsumer: receiptToConsumer.summary(),
  sendToConsumer: sendToConsumer.summary(),
  consumed,
  sequenceGaps,
  outOfOrder,
  gcEvents: windowStartMs === 0 ? 0 : await gc.countIn(windowStartMs, windowEndMs),
  windowMs: windowStartMs === 0 ? 0 : windowEndMs - windowStartMs,
  sleeps: ring.consumerSleeps,
});
