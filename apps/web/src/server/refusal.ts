import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/**
 * A request refused before it reaches a procedure (cross-site, rate-limited, too large), in
 * tRPC's error shape: the typed client reports `message` and `data.code` as it would for a
 * procedure's error, and plain HTTP callers read `error.message`.
 */
export function refusal(
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  headers?: Record<string, string>,
): Response {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
  return Response.json(
    { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } } },
    { status: httpStatus, headers },
  );
}
