/** Binds every job to its flow and turns each outcome into the next step (again, later, or hold). */
import type { Logger } from 'pino';
import { pushToLime } from '../flows/lime-push.ts';
import { runPoll } from '../flows/poll.ts';
import { runResync } from '../flows/resync.ts';
import { type RunOutcome, runFlush, runInbox } from '../flows/runner.ts';
import type { Runtime } from '../flows/runtime.ts';
import { tick } from '../flows/tick.ts';
import { getConnection, updateConnection } from '../store/connections-repo.ts';
import { addDeadLetters } from '../store/dead-letters-repo.ts';
import type { JobName, JobPayload } from './jobs.ts';
import type { JobQueue } from './queue.ts';
import { decideRetry } from './retry-policy.ts';

export type WorkerOptions = { readonly concurrency: number; readonly jobs: readonly JobName[] | 'all' };

export async function startWorkers(
  queue: JobQueue,
  runtime: Runtime,
  log: Logger,
  options: WorkerOptions,
  count?: (name: string, outcome: string) => void,
) {
  const wanted = (name: JobName) => options.jobs === 'all' || options.jobs.includes(name);
  const follow = async <N extends 'crm.flush' | 'crm.inbox' | 'crm.poll' | 'crm.resync'>(
    name: N,
    payload: JobPayload<N>,
    outcome: RunOutcome,
  ) => {
    count?.(name, outcome.kind);
    const connectionId = (payload as { connectionId: string }).connectionId;
    const attempt = payload.attempt ?? 0;
    switch (outcome.kind) {
      case 'done':
        return;
      case 'more':
        return queue.send(name, { ...payload, attempt: 0 } as JobPayload<N>);
      case 'held':
        log.info({ job: name, connectionId, reason: outcome.reason }, 'work held');
        return;
      case 'failed': {
        // Backoff grows with failures in a row; a run that got batches through before failing starts a
        // new row (with a CRM failing one call in five, a long run always ends in a failure).
        const streak = outcome.progressed ? 0 : attempt;
        const decision = decideRetry(outcome.error, streak);
        log.warn({ job: name, connectionId, error: outcome.error.kind, decision }, 'CRM call failed');
        if (decision.kind === 'hold')
          return updateConnection(runtime.db, connectionId, { state: decision.state });
        return queue.send(name, { ...payload, attempt: streak + 1 } as JobPayload<N>, {
          delayMs: decision.delayMs,
        });
      }
    }
  };
  if (wanted('crm.flush')) {
    await queue.work('crm.flush', options.concurrency, async (p) =>
      follow('crm.flush', p, await runFlush(runtime, p.connectionId, p.flow)),
    );
  }
  if (wanted('crm.inbox')) {
    await queue.work('crm.inbox', options.concurrency, async (p) =>
      follow('crm.inbox', p, await runInbox(runtime, p.connectionId)),
    );
  }
  if (wanted('crm.poll')) {
    await queue.work('crm.poll', 1, async (p) =>
      follow('crm.poll', p, await runPoll(runtime, p.connectionId)),
    );
  }
  if (wanted('crm.resync')) {
    await queue.work('crm.resync', 1, async (p) =>
      follow('crm.resync', p, await runResync(runtime, p.runId)),
    );
  }
  if (wanted('lime.push')) {
    await queue.work('lime.push', options.concurrency, async (p) => {
      const outcome = await pushToLime(runtime, p.tenantId);
      count?.('lime.push', outcome.kind);
      if (outcome.kind === 'more') await queue.send('lime.push', { tenantId: p.tenantId });
      if (outcome.kind === 'retry')
        await queue.send(
          'lime.push',
          { tenantId: p.tenantId, attempt: (p.attempt ?? 0) + 1 },
          { delayMs: outcome.delayMs },
        );
    });
  }
  if (wanted('system.tick')) {
    await queue.work('system.tick', 1, async () => {
      await tick(runtime);
      count?.('system.tick', 'done');
    });
  }
  // A job that kept throwing (a bug, not a CRM answer) ends here and is shown to the operator.
  await queue.boss.work('system.dead', { pollingIntervalSeconds: 5 }, async ([job]) => {
    if (!job) return;
    const data = job.data as { connectionId?: string; tenantId?: string; flow?: string };
    const connection = data.connectionId ? await getConnection(runtime.db, data.connectionId) : null;
    const tenantId = connection?.tenantId ?? data.tenantId;
    if (!tenantId) return;
    await addDeadLetters(runtime.db, [
      {
        tenantId,
        connectionId: data.connectionId ?? null,
        flow: `job:${data.flow ?? 'unknown'}`,
        entityId: job.id,
        error: {
          kind: 'job_failed',
          detail: 'the job failed repeatedly; see the logs',
          data: job.data as Record<string, unknown>,
        },
      },
    ]);
  });
}
