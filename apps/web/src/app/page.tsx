import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionFromHeaders } from '~/server/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const session = await sessionFromHeaders(await headers());
  redirect(session ? '/trends' : '/sign-in');
}
