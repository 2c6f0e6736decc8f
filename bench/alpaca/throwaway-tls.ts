// A self-signed certificate for 127.0.0.1, made with openssl into a temporary directory for one bench run: the
// official Alpaca client always connects with wss://, so the local feed must speak TLS. Clients trust it through
// NODE_EXTRA_CA_CERTS, so certificate checks stay on for everyone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The key, certificate and the certificate's path (for NODE_EXTRA_CA_CERTS). */
export interface ThrowawayTls {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly certPath: string;
  dispose(): void;
}

export function createThrowawayTls(): ThrowawayTls {
  const directory = mkdtempSync(join(tmpdir(), 'tickwire-bench-alpaca-tls-'));
  const keyPath = join(directory, 'key.pem');
  const certPath = join(directory, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyPath),
    cert: readFileSync(certPath),
    certPath,
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}
