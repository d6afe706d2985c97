import { limitPasswordChange, limitSignIn, limitSignUp } from '~/server/rate-limit';
import { auth } from '~/server/services';

export const dynamic = 'force-dynamic';

const handle = (req: Request) => auth().handler(req);

export const GET = handle;

export function POST(req: Request) {
  const path = new URL(req.url).pathname;
  if (path.endsWith('/sign-in/email')) return limitSignIn(req, handle);
  if (path.endsWith('/sign-up/email')) return limitSignUp(req, handle);
  if (path.endsWith('/change-password')) return limitPasswordChange(req, handle);
  return handle(req);
}
