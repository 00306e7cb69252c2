/** Ports of `npm run stack` on 127.0.0.1; each can be moved with its BILAN_STACK_* variable. */
export function STACK_PORTS(env: Record<string, string | undefined>) {
  const port = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      throw new Error(`${name} must be a TCP port, got "${env[name]}"`);
    return value;
  };
  return {
    prometheus: port('BILAN_STACK_PROMETHEUS_PORT', 9090),
    alertmanager: port('BILAN_STACK_ALERTMANAGER_PORT', 9093),
    otlpHttp: port('BILAN_STACK_OTLP_HTTP_PORT', 4318),
    otlpGrpc: port('BILAN_STACK_OTLP_GRPC_PORT', 4317),
    collectorTelemetry: port('BILAN_STACK_COLLECTOR_METRICS_PORT', 8888),
    collectorHealth: port('BILAN_STACK_COLLECTOR_HEALTH_PORT', 13133),
    sink: port('BILAN_STACK_SINK_PORT', 4418),
  };
}
