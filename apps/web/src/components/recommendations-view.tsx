'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';
import { JobStatus } from '~/components/job-status';
import {
  SimilarItemsList,
  UserRecommendationsPanel,
} from '~/components/recommendations/user-recommendations';
import { formatPercent } from '~/lib/format';
import { modelName } from '~/lib/model-names';
import { useTRPC } from '~/trpc/react';
import { pollWhileTraining } from '~/lib/poll-while-training';

/** A leaderboard candidate's human name: the label the trainer stored, else ours. */
const candidateName = (c: { name: string; label?: unknown }) =>
  modelName(c.name, { label: typeof c.label === 'string' ? c.label : null });

function Lookup({
  label,
  examples,
  onSubmit,
}: {
  label: string;
  examples: string[];
  onSubmit: (value: string) => void;
}) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <form className="stack" onSubmit={submit}>
      <div className="row">
        <label>
          {label}
          <input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={examples[0] ?? ''}
          />
        </label>
        <button type="submit" className="align-end">
          Look up
        </button>
      </div>
      {examples.length > 0 && (
        <p className="muted small">
          Try:{' '}
          {examples.map((x) => (
            <button
              key={x}
              type="button"
              className="link"
              onClick={() => {
                setValue(x);
                onSubmit(x);
              }}
            >
              {x}
            </button>
          ))}
        </p>
      )}
    </form>
  );
}

export function RecommendationsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isPending, datasets, datasetId } = useDatasetChoice(['events']);
  const [user, setUser] = useState<string | null>(null);
  const [item, setItem] = useState<string | null>(null);
  const latest = useQuery({
    ...trpc.recommendations.latest.queryOptions({ datasetId: datasetId ?? '' }),
    enabled: !!datasetId,
    refetchInterval: pollWhileTraining,
  });
  const forUser = useQuery({
    ...trpc.recommendations.forUser.queryOptions({ datasetId: datasetId ?? '', user: user ?? '' }),
    enabled: !!datasetId && !!user,
  });
  const history = useQuery({
    ...trpc.recommendations.history.queryOptions({ datasetId: datasetId ?? '', user: user ?? '' }),
    enabled: !!datasetId && !!user,
  });
  const similar = useQuery({
    ...trpc.recommendations.similarItems.queryOptions({
      datasetId: datasetId ?? '',
      item: item ?? '',
    }),
    enabled: !!datasetId && !!item,
  });
  const retrain = useMutation(
    trpc.recommendations.train.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.recommendations.latest.queryKey() }),
    }),
  );

  if (isPending) return <p className="muted">Loading…</p>;
  if (datasets.length === 0) {
    return (
      <div className="card empty">
        <h2>No user events yet</h2>
        <p>
          Upload a log of user events with an item column (product, content, feature) on the{' '}
          <Link href="/data">Data page</Link>; Foresight learns what each user is likely to want
          next.
        </p>
      </div>
    );
  }
  const job = latest.data?.latestJob;
  const model = latest.data?.model;
  const m = model?.metrics;
  const chosen = m?.candidates.find((c) => c.name === m.chosen);
  const chosenName = chosen ? candidateName(chosen) : m ? modelName(m.chosen) : '';

  return (
    <div className="stack-lg">
      <div className="row between">
        <DatasetPicker datasets={datasets} value={datasetId} path="/recommendations" />
        <button
          type="button"
          onClick={() => datasetId && retrain.mutate({ datasetId })}
          disabled={
            !datasetId || retrain.isPending || job?.status === 'queued' || job?.status === 'running'
          }
        >
          Retrain
        </button>
      </div>
      {retrain.error && <p className="error">{retrain.error.message}</p>}
      {job && <JobStatus job={job} />}
      {!job && (
        <p className="muted">This dataset has no item column, so there is nothing to recommend.</p>
      )}

      {model && m && (
        <>
          <div className="charts">
            <section className="card stack" aria-label="Recommendations for a user">
              <h2>Recommendations for a user</h2>
              <Lookup label="User id" examples={model.exampleUsers} onSubmit={setUser} />
              {(forUser.error ?? history.error) && (
                <p className="error">{(forUser.error ?? history.error)!.message}</p>
              )}
              {forUser.data && history.data && (
                <UserRecommendationsPanel
                  recs={forUser.data}
                  history={history.data}
                  modelName={chosenName}
                  onPickItem={setItem}
                />
              )}
            </section>
            <section className="card stack" aria-label="Similar items">
              <h2>Similar items</h2>
              <Lookup label="Item id" examples={model.exampleItems} onSubmit={setItem} />
              {item && similar.data && (
                <SimilarItemsList item={item} similar={similar.data} onPickItem={setItem} />
              )}
            </section>
          </div>

          <section className="card stack" aria-label="Recommendation quality">
            <h2>Model vs baselines</h2>
            <p className="muted">
              For {m.evaluatedUsers.toLocaleString()} users the latest item they tried for the
              first time was held out; each model, tuned on other users, ranked every item the user
              had not used yet. HR@10: the held-out item was in the top 10; NDCG@10 also rewards
              ranking it higher. Fit time includes trying each model&apos;s settings.
            </p>
            {typeof m.selection === 'string' && <p>{m.selection}</p>}
            <table aria-label="Recommendation leaderboard">
              <thead>
                <tr>
                  <th>Model</th>
                  <th className="num">HR@10</th>
                  <th className="num">NDCG@10</th>
                  <th className="num">Catalogue coverage</th>
                  <th className="num">Fit time</th>
                </tr>
              </thead>
              <tbody>
                {m.candidates.map((c) => (
                  <tr key={c.name} className={c.name === m.chosen ? 'chosen' : undefined}>
                    <td>
                      {candidateName(c)}
                      {c.name === m.chosen && <span className="badge badge-ready">chosen</span>}
                    </td>
                    <td className="num">{formatPercent(c.hr10, 1)}</td>
                    <td className="num">{c.ndcg10.toFixed(3)}</td>
                    <td className="num">{formatPercent(c.coverage, 0)}</td>
                    <td className="num">{(c.fitMs / 1000).toFixed(1)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              {m.users.toLocaleString()} users · {m.items.toLocaleString()} items ·{' '}
              {m.interactions.toLocaleString()} interactions · model v{model.version} · backend{' '}
              {model.backend}
            </p>
          </section>
        </>
      )}
    </div>
  );
}
