// Starts the real gateway application against a FakeParleyd, with a token
// secret and a small catalog, and helpers to send GraphQL requests with
// fastify's inject.

import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../dist/app.js';
import { mintCustomerToken } from '../dist/auth.js';
import { parseCatalog } from '../dist/catalog.js';
import type { CostLimits } from '../dist/cost.js';
import { FakeParleyd } from './fake-parleyd.js';

export const kSecret = new TextEncoder().encode('test-secret-0123456789abcdefghijklmnop');

export const kCatalog = parseCatalog(
  {
    '10530943': {
      title: 'Impact Whey Protein, Chocolate Smooth, 1kg',
      images: [{ original: 'https://images.example.com/o/10530943.jpg', thumbnail: 'https://images.example.com/t/10530943.jpg' }],
    },
  },
  'test catalog',
);

export interface GraphqlResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: any;
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  operationName?: string;
  token?: string;
  headers?: Record<string, string>;
}

export class GatewayHarness {
  readonly fake = new FakeParleyd();
  /** Log lines written by the gateway, as raw JSON text. */
  readonly logLines: string[] = [];
  app!: FastifyInstance;

  async start(options: { costLimits?: CostLimits; deadlineMs?: number; grpcTarget?: string } = {}): Promise<this> {
    const target = await this.fake.start();
    const lines = this.logLines;
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    this.app = await buildApp({
      config: {
        grpcTarget: options.grpcTarget ?? target,
        grpcDeadlineMs: options.deadlineMs ?? 5000,
        attachmentDeadlineMs: 30_000,
        tokenSecret: kSecret,
        logLevel: 'info',
      },
      catalog: kCatalog,
      ...(options.costLimits ? { costLimits: options.costLimits } : {}),
      logger: { stream },
    });
    await this.app.ready();
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.fake.stop();
  }

  token(customerId: string, ttlSeconds = 3600): Promise<string> {
    return mintCustomerToken(customerId, kSecret, { ttlSeconds });
  }

  /** Sends POST /graphql with a JSON body. */
  async post(query: string, options: RequestOptions = {}): Promise<GraphqlResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...authHeader(options.token), ...options.headers },
      payload: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }),
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.json() };
  }

  /** Sends GET /graphql with the parameters in the query string. */
  async get(query: string, options: RequestOptions = {}): Promise<GraphqlResponse> {
    const search = new URLSearchParams({ query });
    if (options.variables) search.set('variables', JSON.stringify(options.variables));
    if (options.operationName) search.set('operationName', options.operationName);
    const response = await this.app.inject({
      method: 'GET',
      url: `/graphql?${search}`,
      headers: { ...authHeader(options.token), ...options.headers },
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.json() };
  }
}

function authHeader(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Opaque ${token}` };
}

/** The GetMessages query of the public API documentation, as written there. */
export const kGetMessagesQuery = `query GetMessages {
  customer {
    discussions {
      discussions {
        id
        # if the discussion is about a specific order and product
        selection {
          selectedOrder {
            orderNumber
          }
          selectedProducts {
            sku
            productVariant {
              title
            }
          }
        }
        category # category chosen during the submission
        status
        createdAt
        updatedAt
        read
        messages {
          messages {
            id
            type # This is QUERY or RESPONSE
            createdAt
            message
          }
          total
          hasMore
        }
      }
      total
      hasMore
    }
  }
}`;
