import { ATTR, EVALUATION_NAME, EVENT, RESOURCE_ATTR } from '@bilan/contract';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { at, type WorkloadPlan } from './plan';

const BATCH = { maxExportBatchSize: 256, scheduledDelayMillis: 200, maxQueueSize: 16_384 };

/**
 * Sends the turns and votes of a plan the way an app that never heard of Bilan would: the plain
 * OpenTelemetry JS SDK with GenAI semantic-convention attributes only (no `bilan.*`). Half of the
 * votes carry the event name in an `event.name` attribute and only a score value, to cover SDKs
 * that do so. `extraVoteAttributes` lets a test add data (e.g. PII) to the first votes.
 */
export async function emitWithPlainOtel(
  plan: WorkloadPlan,
  otlpHttpUrl: string,
  extraVoteAttributes: Record<string, string>[] = [],
): Promise<{ traceIdsByTurn: string[] }> {
  const resource = resourceFromAttributes({
    [RESOURCE_ATTR.serviceName]: plan.serviceName,
    [RESOURCE_ATTR.environment]: plan.environment,
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }), ...BATCH }),
    ],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${otlpHttpUrl}/v1/logs` }), ...BATCH }),
    ],
  });
  const tracer = tracerProvider.getTracer('plain-genai-app');
  const logger = loggerProvider.getLogger('plain-genai-app');

  const start = Date.now() - 60_000;
  const spans = plan.turns.map((t, i) => {
    const begin = start + i * 10;
    const span = tracer.startSpan(
      `chat ${t.model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: begin,
        attributes: {
          [ATTR.operationName]: 'chat',
          [ATTR.providerName]: 'openai',
          [ATTR.requestModel]: t.model,
          [ATTR.conversationId]: t.conversationId,
        },
      },
      context.active(),
    );
    if (t.errorType) {
      span.setAttribute(ATTR.errorType, t.errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else {
      span.setAttributes({ [ATTR.inputTokens]: t.inputTokens, [ATTR.outputTokens]: t.outputTokens });
    }
    span.end(begin + t.durationMs);
    return span;
  });

  plan.votes.forEach((v, i) => {
    const t = at(plan.turns, v.turn);
    const inAttribute = i % 2 === 1;
    logger.emit({
      eventName: inAttribute ? undefined : EVENT.evaluationResult,
      context: trace.setSpanContext(context.active(), at(spans, v.turn).spanContext()),
      attributes: {
        ...(inAttribute
          ? { 'event.name': EVENT.evaluationResult }
          : { [ATTR.evaluationScoreLabel]: v.value > 0 ? 'positive' : 'negative' }),
        [ATTR.evaluationName]: EVALUATION_NAME.userFeedback,
        [ATTR.evaluationScoreValue]: v.value,
        [ATTR.requestModel]: t.model,
        [ATTR.conversationId]: t.conversationId,
        ...(v.comment ? { [ATTR.evaluationExplanation]: v.comment } : {}),
        ...extraVoteAttributes[i],
      },
    });
  });
  for (const f of plan.conversationFeedback) {
    logger.emit({
      eventName: EVENT.evaluationResult,
      attributes: {
        [ATTR.evaluationName]: EVALUATION_NAME.conversationFeedback,
        [ATTR.evaluationScoreValue]: f.value,
        [ATTR.conversationId]: f.conversationId,
      },
    });
  }
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
  return { traceIdsByTurn: spans.map((s) => s.spanContext().traceId) };
}
