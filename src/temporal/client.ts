import { readFileSync } from 'node:fs';
import { Client, Connection, type ClientInterceptors, type TLSConfig } from '@temporalio/client';
import type { TemporalConfig } from '../config';

/**
 * How to reach the frontend, for both the client's Connection and the worker's NativeConnection:
 * plain text locally; TLS (optionally mTLS, a private CA, an SNI override) and/or an API key for
 * an existing cluster or Temporal Cloud. Certificate files are read here, at connection time.
 */
export function temporalConnectionOptions(config: TemporalConfig): {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
} {
  const { tls } = config;
  return {
    address: config.address,
    tls: tls
      ? {
          serverNameOverride: tls.serverName,
          serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
          clientCertPair:
            tls.certPath && tls.keyPath
              ? { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }
              : undefined,
        }
      : undefined,
    apiKey: config.apiKey?.reveal(),
  };
}

/** `interceptors`: e.g. tracing's, which carry the trace context into each update. */
export async function connectTemporalClient(
  config: TemporalConfig,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.namespace, interceptors });
}
