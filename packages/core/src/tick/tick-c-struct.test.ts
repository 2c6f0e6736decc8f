import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TickFlags } from './tick-flags';
import * as layout from './tick-layout';

const docPath = fileURLToPath(new URL('../../../../docs/tick-format.md', import.meta.url));
const goldenBin = fileURLToPath(new URL('../../fixtures/ticks-v1.bin', import.meta.url));
const goldenJson = fileURLToPath(new URL('../../fixtures/ticks-v1.json', import.meta.url));

/** The C block of docs/tick-format.md, so the documented struct is what gets compiled. */
function documentedStruct(): string {
  const doc = readFileSync(docPath, 'utf8');
  const section = doc.slice(doc.indexOf('### C\n'));
  const match = /```c\n([\s\S]*?)```/.exec(section);
  if (match?.[1] === undefined) throw new Error('docs/tick-format.md has no ```c block under "### C"');
  return match[1];
}

// Prints the layout, then decodes every record of the file named on the command line through the struct.
const program = `
#include <inttypes.h>
#include <stdio.h>

int main(int argc, char **argv) {
    printf("sizeof %zu\\n", sizeof(struct tickwire_tick_v1));
    printf("timestamp_ns %zu\\n", offsetof(struct tickwire_tick_v1, timestamp_ns));
    printf("symbol_id %zu\\n", offsetof(struct tickwire_tick_v1, symbol_id));
    printf("bid %zu\\n", offsetof(struct tickwire_tick_v1, bid));
    printf("ask %zu\\n", offsetof(struct tickwire_tick_v1, ask));
    printf("volume %zu\\n", offsetof(struct tickwire_tick_v1, volume));
    printf("source %zu\\n", offsetof(struct tickwire_tick_v1, source));
    printf("flags %zu\\n", offsetof(struct tickwire_tick_v1, flags));
    printf("spread_bps %zu\\n", offsetof(struct tickwire_tick_v1, spread_bps));
    printf("sequence %zu\\n", offsetof(struct tickwire_tick_v1, sequence));
    printf("flag TRADE %u\\n", TICKWIRE_TICK_TRADE);
    printf("flag SNAPSHOT %u\\n", TICKWIRE_TICK_SNAPSHOT);
    printf("flag GAP_BEFORE %u\\n", TICKWIRE_TICK_GAP_BEFORE);
    printf("flag STALE %u\\n", TICKWIRE_TICK_STALE);
    printf("flag PRICE_INEXACT %u\\n", TICKWIRE_TICK_PRICE_INEXACT);
    printf("flag BID_MISSING %u\\n", TICKWIRE_TICK_BID_MISSING);
    printf("flag ASK_MISSING %u\\n", TICKWIRE_TICK_ASK_MISSING);
    printf("flag RESERVED %u\\n", TICKWIRE_TICK_RESERVED);
    if (argc < 2) return 2;
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) return 3;
    struct tickwire_tick_v1 tick;
    while (fread(&tick, sizeof tick, 1, file) == 1) {
        printf("tick %" PRIu64 " %" PRIu32 " %.17g %.17g %.17g %u %u %u %" PRIu32 "\\n", tick.timestamp_ns,
               tick.symbol_id, (double)tick.bid, (double)tick.ask, (double)tick.volume, (unsigned)tick.source,
               (unsigned)tick.flags, (unsigned)tick.spread_bps, tick.sequence);
    }
    fclose(file);
    return 0;
}
`;

describe('the C struct in docs/tick-format.md', () => {
  let directory = '';
  let output: string[] = [];

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'tickwire-c-struct-'));
    const source = join(directory, 'tick.c');
    const binary = join(directory, 'tick');
    writeFileSync(source, `${documentedStruct()}\n${program}`);
    // -Werror + -pedantic: the documented block must be clean C11 that any reader can paste.
    execFileSync('cc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-o', binary, source], {
      stdio: 'pipe',
      timeout: 20_000,
    });
    output = execFileSync(binary, [goldenBin], { encoding: 'utf8', timeout: 10_000 }).trim().split('\n');
  });

  afterAll(() => {
    if (directory !== '') rmSync(directory, { recursive: true, force: true });
  });

  it('is 32 bytes with every field at its documented offset', () => {
    const printed = new Map(
      output
        .filter((line) => !line.startsWith('flag ') && !line.startsWith('tick '))
        .map((line) => {
          const [name, value] = line.split(' ');
          return [name, Number(value)] as const;
        }),
    );
    expect(Object.fromEntries(printed)).toEqual({
      sizeof: layout.TICK_RECORD_SIZE,
      timestamp_ns: layout.TICK_OFFSET_TIMESTAMP_NS,
      symbol_id: layout.TICK_OFFSET_SYMBOL_ID,
      bid: layout.TICK_OFFSET_BID,
      ask: layout.TICK_OFFSET_ASK,
      volume: layout.TICK_OFFSET_VOLUME,
      source: layout.TICK_OFFSET_SOURCE,
      flags: layout.TICK_OFFSET_FLAGS,
      spread_bps: layout.TICK_OFFSET_SPREAD_BPS,
      sequence: layout.TICK_OFFSET_SEQUENCE,
    });
  });

  it('defines the same flag bits as TickFlags', () => {
    const flags = Object.fromEntries(
      output
        .filter((line) => line.startsWith('flag '))
        .map((line) => {
          const [, name, value] = line.split(' ');
          return [name, Number(value)];
        }),
    );
    expect(flags).toEqual({ ...TickFlags, RESERVED: 0x80 });
  });

  it('decodes every golden record to the fields in ticks-v1.json', () => {
    const golden = JSON.parse(readFileSync(goldenJson, 'utf8')) as {
      ticks: Record<string, number | string | null>[];
    };
    const ticks = output.filter((line) => line.startsWith('tick '));
    expect(ticks.length).toBe(golden.ticks.length);
    for (const [index, line] of ticks.entries()) {
      const [, timestamp, symbolId, bid, ask, volume, source, flags, spread, sequence] = line.split(' ');
      const expected = golden.ticks[index]!;
      const price = (text: string | undefined): number | null => (text?.includes('nan') ? null : Number(text));
      expect(
        {
          timestamp_ns: timestamp,
          symbol_id: Number(symbolId),
          bid: price(bid),
          ask: price(ask),
          volume: Number(volume),
          source: Number(source),
          flags: Number(flags),
          spread_bps: Number(spread),
          sequence: Number(sequence),
        },
        String(expected.note),
      ).toEqual({
        timestamp_ns: expected.timestamp_ns,
        symbol_id: expected.symbol_id,
        bid: expected.bid,
        ask: expected.ask,
        volume: expected.volume,
        source: expected.source,
        flags: expected.flags,
        spread_bps: expected.spread_bps,
        sequence: expected.sequence,
      });
    }
  });
});
