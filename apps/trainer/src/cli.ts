// The batch CLI: `pnpm foresight <command> [flags]` (see README "Batch CLI"). Files in, files out.
// Bad flags or input: exit code 2 and one line on stderr saying what is wrong.
import {
  ChurnInputError,
  ForecastInputError,
  RecommendInputError,
  RiskInputError,
} from '@foresight/ml-core';
import { selectBackend } from './backend';
import { UploadError } from '@foresight/ingest';
import { churnCommand } from './cli/churn-command';
import { forecastCommand } from './cli/forecast-command';
import { recommendCommand } from './cli/recommend-command';
import { riskCommand } from './cli/risk-command';
import { CliUsageError } from './cli/usage-error';
import { readCliEnv } from './env';

const USAGE = `usage: foresight <command> [flags]
  forecast --input F.csv --date-col C --value-col C [--series-col C] --horizon H [--freq auto|D|W|M|Q]
           --out forecasts.csv [--report report.json]
  risk     --input F.csv --date-col C --cash-col C --revenue-col C --expense-col C[,C2…] [--horizon 18]
           --out risk.json
  churn    --train T.csv --label-col C --id-col C --predict P.csv --out scores.csv [--report r.json]
  churn    --events E.csv --user-col C --time-col C [--event-col C] [--value-col C] [--window-days 30]
           --out scores.csv [--report r.json]
  recommend --input I.csv --user-col C --item-col C [--time-col C] --k 10 --out recs.csv [--report r.json]`;

const commands: Record<
  string,
  (argv: string[], ctx: { backend: string; log: (l: string) => void }) => Promise<void>
> = {
  forecast: forecastCommand,
  risk: riskCommand,
  churn: churnCommand,
  recommend: recommendCommand,
};

/** Errors that mean "your input is wrong", as opposed to a bug. */
function isInputError(error: unknown): error is Error {
  return (
    error instanceof CliUsageError ||
    error instanceof UploadError ||
    error instanceof ForecastInputError ||
    error instanceof RiskInputError ||
    error instanceof ChurnInputError ||
    error instanceof RecommendInputError
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.error(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(
      `foresight: unknown command "${name}" (expected: ${Object.keys(commands).join(', ')})`,
    );
    return 2;
  }
  const env = readCliEnv();
  const quiet = env.FORESIGHT_QUIET === '1';
  const log = (line: string) => {
    if (!quiet) console.error(`foresight: ${line}`);
  };
  try {
    const { backend } = await selectBackend({ prefer: env.FORESIGHT_BACKEND });
    await command(rest, { backend, log });
    return 0;
  } catch (error) {
    if (isInputError(error)) {
      console.error(`foresight: ${error.message}`);
      return 2;
    }
    // Still one line: the stack trace only when asked for (FORESIGHT_DEBUG=1).
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(
      env.FORESIGHT_DEBUG === '1'
        ? `foresight: unexpected error: ${(error as Error).stack ?? String(error)}`
        : `foresight: unexpected error: ${message} (run again with FORESIGHT_DEBUG=1 for details)`,
    );
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
