/** Builds small OTLP/JSON log requests by hand, for tests that post raw payloads. */
export interface JsonEvent {
  eventName: string;
  attributes: Record<string, string | number>;
}

function anyValue(value: string | number) {
  return typeof value === 'number'
    ? Number.isInteger(value)
      ? { intValue: value }
      : { doubleValue: value }
    : { stringValue: value };
}

/** One OTLP/JSON logs request; `resource` adds resource attributes beside `service.name`. */
export function otlpLogsRequest(
  serviceName: string,
  events: JsonEvent[],
  resource: Record<string, string | number> = {},
): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: Object.entries({ 'service.name': serviceName, ...resource }).map(([key, value]) => ({
            key,
            value: anyValue(value),
          })),
        },
        scopeLogs: [
          {
            logRecords: events.map((e) => ({
              eventName: e.eventName,
              timeUnixNano: String(Date.now() * 1e6),
              attributes: Object.entries(e.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
            })),
          },
        ],
      },
    ],
  });
}

export async function postLogs(
  otlpHttpUrl: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${otlpHttpUrl}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
