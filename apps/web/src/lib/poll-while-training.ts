/** refetchInterval for "latest result + job" queries: poll every 1.5 s while the job is queued or running. */
export function pollWhileTraining(query: {
  state: { data?: { latestJob?: { status: string } | null } };
}): number | false {
  const status = query.state.data?.latestJob?.status;
  return status === 'queued' || status === 'running' ? 1500 : false;
}
