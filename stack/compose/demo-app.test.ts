import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COLLECTOR_METRIC } from '@bilan/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorCounter } from '../src/collector';
import { type RunningPipeline, startPipeline } from '../src/pipeline';
import { REPO_ROOT } from '../src/process';

const DEMO = fileURLToPath(new URL('./demo-app.ts', import.meta.url));

/** Sum of one Collector self-metric over all its series, read from its Prometheus endpoint. */
describe('stack/compose/demo-app.ts (the compose file’s app service)', () => {
  let pipeline: RunningPipeline;
  let output = '';

  beforeAll(async () => {
    pipeline = await startPipeline();
    const { collector } = pipeline;
    output = await new Promise<string>((done, fail) =>
      execFile(
        'npx',
        ['tsx', DEMO],
        {
          cwd: REPO_ROOT,
          timeout: 60_000,
          env: { ...process.env, BILAN_OTLP_ENDPOINT: collector.otlpHttpUrl, DEMO_DURATION_MS: '4000' },
        },
        (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout)),
      ),
    );
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 30_000);

  it('sends turns and events to the Collector it is pointed at, then exits', async () => {
    const { collector } = pipeline;
    expect(output).toContain(collector.otlpHttpUrl);
    expect(await collectorCounter(collector.metricsUrl, COLLECTOR_METRIC.receiverAcceptedSpans)).toBeGreaterThan(0);
    expect(await collectorCounter(collector.metricsUrl, COLLECTOR_METRIC.receiverAcceptedLogRecords)).toBeGreaterThan(
      0,
    );
  });
});
