import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { order, riskFixture } from './__fixtures__/risk-fixture';
import { AuditLog } from './audit-log';
import { KillSwitch } from './kill-switch';
import { RiskGate } from './risk-gate';
import { RiskReason } from './risk-reasons';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-audit-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function readLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function gateWithAudit(audit: AuditLog): RiskGate {
  const fixture = riskFixture();
  return new RiskGate({
    limits: fixture.gate.limits,
    instruments: [{ symbol: 'AAPL', assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1 }],
    portfolio: fixture.positions,
    quotes: fixture.quotes,
    feedHealth: fixture.feedHealth,
    audit,
  });
}

describe('AuditLog', () => {
  it('writes one JSON line per decision, with time, decision, reason code and name, and the order', () => {
    const path = join(directory, 'nested', 'audit.jsonl');
    const audit = AuditLog.open(path, { flushIntervalMs: 0 });
    const gate = gateWithAudit(audit);
    const allowed = order({ clientOrderId: 'ok-1' });
    gate.checkSubmit(allowed, 1_500);
    gate.checkSubmit(order({ clientOrderId: 'band-1', limitPrice: 170 }), 1_501);
    gate.checkReplace(order({ clientOrderId: 'rep-1' }), 7, 1_502);
    gate.checkCancel('ok-1', 'AAPL', 1_503, false);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(audit.flush()).toBe(4);
    audit.close();
    const lines = readLines(path);
    expect(lines[0]).toEqual({
      timeMs: 1_500,
      time: new Date(1_500).toISOString(),
      kind: 'submit',
      decision: 'allow',
      code: 0,
      reason: 'ALLOWED',
      symbol: 'AAPL',
      clientOrderId: 'ok-1',
      order: JSON.parse(JSON.stringify(allowed)),
    });
    expect(lines[1]).toMatchObject({ decision: 'deny', code: RiskReason.PRICE_BAND, reason: 'PRICE_BAND' });
    expect(lines[2]).toMatchObject({ kind: 'replace', clientOrderId: 'rep-1', replacedOpenQuantity: 7 });
    expect(lines[3]).toMatchObject({ kind: 'cancel', clientOrderId: 'ok-1', decision: 'allow' });
    expect(lines[3]).not.toHaveProperty('order');
    expect(audit.linesWritten).toBe(4);
  });

  it('appends: existing lines survive a reopen', () => {
    const path = join(directory, 'audit.jsonl');
    writeFileSync(path, '{"earlier":true}\n');
    const audit = AuditLog.open(path, { flushIntervalMs: 0, fsync: true });
    gateWithAudit(audit).checkSubmit(order(), 1_500);
    audit.close();
    const lines = readLines(path);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ earlier: true });
  });

  it('flushes inline rather than drop a decision when the buffer is full, and counts it', () => {
    const path = join(directory, 'audit.jsonl');
    const audit = AuditLog.open(path, { flushIntervalMs: 0, bufferCapacity: 2 });
    const gate = gateWithAudit(audit);
    for (let index = 0; index < 5; index++) gate.checkCancel(`c${index}`, 'AAPL', 1_500 + index * 1_000, false);
    expect(audit.inlineFlushes).toBe(2);
    audit.close();
    expect(readLines(path).map((line) => line.clientOrderId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('flushes on its timer', async () => {
    const path = join(directory, 'audit.jsonl');
    const audit = AuditLog.open(path, { flushIntervalMs: 5 });
    gateWithAudit(audit).checkSubmit(order(), 1_500);
    for (let attempt = 0; attempt < 200 && readFileSync(path, 'utf8') === ''; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    audit.close();
    expect(readLines(path)).toHaveLength(1);
  });

  it('records kill-switch trips and resets in order with the decisions around them', async () => {
    const path = join(directory, 'audit.jsonl');
    const audit = AuditLog.open(path, { flushIntervalMs: 0 });
    const gate = gateWithAudit(audit);
    const killSwitch = new KillSwitch({ gate, clock: () => 2_000 });
    gate.checkSubmit(order({ clientOrderId: 'before' }), 1_500);
    await killSwitch.trip('risk desk', 'ops@desk');
    gate.checkSubmit(order({ clientOrderId: 'during' }), 1_600);
    killSwitch.reset('ops@desk', 'reducing');
    audit.close();
    const lines = readLines(path);
    expect(lines.map((line) => line.event ?? line.clientOrderId)).toEqual([
      'before',
      'kill-switch-tripped',
      'during',
      'kill-switch-reset',
    ]);
    expect(lines[1]).toMatchObject({ reason: 'risk desk', operator: 'ops@desk', timeMs: 2_000 });
    expect(lines[2]).toMatchObject({ reason: 'KILL_SWITCH_TRIPPED' });
    expect(lines[3]).toMatchObject({ resumeState: 'reducing' });
  });

  it('says which path it could not open and what to do', () => {
    const blocker = join(directory, 'file');
    writeFileSync(blocker, '');
    expect(() => AuditLog.open(join(blocker, 'audit.jsonl'))).toThrow(
      /cannot open .*file\/audit\.jsonl for append.*writable path/,
    );
  });
});
