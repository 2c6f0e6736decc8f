import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TickwireError } from '@tickwire/core';
import type { CoinbaseConfig } from './coinbase-config';
import { type CoinbaseSigningKey, parseCoinbaseSigningKey } from './coinbase-signing-key';

/**
 * The signing key the config names: inline (`apiKeyName` + `privateKey`), or read from `keyFile`, Coinbase's
 * downloaded key JSON (`{"name": ..., "privateKey": ...}`; Ed25519 key files may say `id` instead of `name`).
 *
 * @throws TickwireError `AUTH_FAILED` naming the file or field and what is wrong, never the key itself.
 */
export async function loadCoinbaseSigningKey(config: CoinbaseConfig): Promise<CoinbaseSigningKey> {
  if (config.keyFile === undefined) {
    return parseOrFail(config.apiKeyName ?? '', config.privateKey ?? '', 'the privateKey field of the config');
  }
  const path = resolve(config.keyFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw credentialsError(
      `cannot read keyFile ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path (relative paths start at the working directory)',
      error,
    );
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw credentialsError(`keyFile ${path} is not JSON`, 'use the key file exactly as Coinbase issued it');
  }
  const keyName = typeof parsed.name === 'string' ? parsed.name : typeof parsed.id === 'string' ? parsed.id : undefined;
  if (keyName === undefined || typeof parsed.privateKey !== 'string') {
    throw credentialsError(
      `keyFile ${path} lacks a "name" (or "id") and a "privateKey" string`,
      'use the key file exactly as Coinbase issued it',
    );
  }
  return parseOrFail(keyName, parsed.privateKey, `the privateKey in keyFile ${path}`);
}

function parseOrFail(keyName: string, keyText: string, where: string): CoinbaseSigningKey {
  try {
    return parseCoinbaseSigningKey(keyName, keyText);
  } catch (error) {
    throw credentialsError(`${where} cannot sign: ${(error as Error).message}`, 'fix the key and connect again');
  }
}

function credentialsError(problem: string, fix: string, cause?: unknown): TickwireError {
  return new TickwireError({
    code: 'AUTH_FAILED',
    message: `Coinbase credentials could not be loaded: ${problem}. Fix: ${fix}.`,
    ...(cause === undefined ? {} : { cause }),
  });
}
