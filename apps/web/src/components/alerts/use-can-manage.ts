'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';

/** Owners and admins manage alert rules and webhooks; members (and keys) only read them. */
export function useCanManageAlerts(): boolean {
  const trpc = useTRPC();
  const role = useQuery(trpc.org.current.queryOptions()).data?.role;
  return role === 'owner' || role === 'admin';
}
