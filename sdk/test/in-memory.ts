import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { type Bilan, type BilanOptions, createBilan } from '../src/bilan';

/** A Bilan on the real OpenTelemetry SDK with in-memory exporters, and what it reported. */
export function inMemoryBilan(options: Omit<BilanOptions, 'tracerProvider' | 'loggerProvider'> = {}) {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const resource = resourceFromAttributes({ 'service.name': 'test-app' });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logs })],
  });
  const errors: Error[] = [];
  const bilan: Bilan = createBilan({
    onError: (error) => errors.push(error),
    ...options,
    tracerProvider,
    loggerProvider,
  });
  return {
    bilan,
    errors,
    spans: () => spans.getFinishedSpans(),
    events: () => logs.getFinishedLogRecords(),
    tracerProvider,
    loggerProvider,
  };
}
