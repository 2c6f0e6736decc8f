#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { TickwireError } from '../errors/tickwire-error';
import { connectorsCommand } from './connectors-command';
import { exportCommand, inspectCommand, replayCommand } from './file-commands';
import { runCommand } from './run-command';

const USAGE = `Usage: tickwire <command> [options]

Commands:
  run [--config <file>] [--duration <s>] [--summary-json <file>] [--store-dir <dir>] [--quiet]
        Run a configuration; with no --config, the embedded default (simulated market). Ctrl-C stops gracefully.
  connectors                         List installed connector plugins.
  inspect <file|dir> [--json]        Header, record count, time range, sequence gaps and flags of tick files.
  export <file|dir> --format csv [--out <file>]
  replay <file|dir> [--pace recorded|fast] [--speed <x>] [--publish <zmq endpoint>]
  kill <pid>                         Trip the kill switch of a running tickwire (sends SIGUSR2).
`;

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`--${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      duration: { type: 'string' },
      'summary-json': { type: 'string' },
      'store-dir': { type: 'string' },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      pace: { type: 'string' },
      speed: { type: 'string' },
      publish: { type: 'string' },
    },
  });
  const target = positionals[0];
  switch (command) {
    case 'run': {
      const durationSeconds = positiveNumber('duration', values.duration);
      return runCommand({
        ...(values.config === undefined ? {} : { config: values.config }),
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
        ...(values['summary-json'] === undefined ? {} : { summaryJson: values['summary-json'] }),
        ...(values['store-dir'] === undefined ? {} : { storeDir: values['store-dir'] }),
        quiet: values.quiet === true,
      });
    }
    case 'connectors':
      return connectorsCommand();
    case 'inspect':
    case 'export':
    case 'replay': {
      if (target === undefined) throw new Error(`tickwire ${command} needs a tick file or directory`);
      if (command === 'inspect') return inspectCommand(target, values.json === true);
      if (command === 'export') return exportCommand(target, values.format ?? 'csv', values.out);
      const pace = values.pace ?? 'recorded';
      if (pace !== 'recorded' && pace !== 'fast')
        throw new Error(`--pace must be recorded or fast, got ${JSON.stringify(pace)}`);
      return replayCommand(target, pace, positiveNumber('speed', values.speed) ?? 1, values.publish);
    }
    case 'kill': {
      const pid = Number(target);
      if (!Number.isInteger(pid) || pid <= 0)
        throw new Error(`tickwire kill needs the pid of a running tickwire, got ${JSON.stringify(target)}`);
      process.kill(pid, 'SIGUSR2');
      process.stdout.write(`sent SIGUSR2 to ${pid}: its kill switch trips and cancels every open order\n`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`tickwire: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const code = TickwireError.isInstance(error) ? ` [${error.code}]` : '';
    process.stderr.write(`tickwire: ${message}${code}\n`);
    process.exitCode = TickwireError.isInstance(error) && error.code === 'CONFIG_INVALID' ? 2 : 1;
  },
);
