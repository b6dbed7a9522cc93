/**
 * The EC2 integration tests' target: an SDK v3 EC2Client pointed at an HTTP endpoint that speaks the
 * EC2 Query protocol. Until the sandbox server (branch sandbox-server) is merged, this serves the
 * EC2 handlers from a minimal in-process node:http listener with EC2's envelope and error document;
 * afterwards `startEc2Target` should start the real sandbox (test/helpers/sandbox.ts) instead.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { SeededIds } from '../../src/sandbox/core/ids.js';
import { AwsError } from '../../src/sandbox/services/aws-error.js';
import { Ec2Model } from '../../src/sandbox/services/ec2/model.js';
import { ec2Operations } from '../../src/sandbox/wire/ec2-query/operations/index.js';
import { QueryParams } from '../../src/sandbox/wire/ec2-query/params.js';
import { escapeXml, xmlDocument } from '../../src/sandbox/wire/ec2-query/xml.js';

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export interface Ec2Target {
  ec2: EC2Client;
  endpoint: string;
  /** Moves the model's clock (CIDR association, instance boot...). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startEc2Target(
  timing: { cidrAssociate?: number; instanceBoot?: number } = {},
): Promise<Ec2Target> {
  const clock = new ManualClock();
  const model = new Ec2Model({
    clock,
    ids: new SeededIds({ seed: 42, counter: 0 }),
    region: 'us-east-1',
    accountId: '123456789012',
    timing: {
      cidrAssociate: 0,
      instanceBoot: 0,
      natGatewayCreate: 0,
      instanceTerminate: 0,
      cidrDisassociate: 0,
      ...timing,
    },
  });
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`;
      const params = QueryParams.fromForm(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      try {
        const op = ec2Operations.find((o) => o.action === action);
        if (!op)
          throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
        const body = op.handle(params, {
          ec2: model,
          requestId,
          region: 'us-east-1',
          accountId: '123456789012',
        });
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId });
        res.end(xmlDocument(`${action}Response`, { requestId, ...body }, XMLNS));
      } catch (error) {
        const e = error instanceof AwsError ? error : new AwsError('InternalError', String(error), 500);
        res.writeHead(e.httpStatus, {
          'content-type': 'text/xml;charset=UTF-8',
          'x-amzn-requestid': requestId,
        });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ec2 = new EC2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    ec2,
    endpoint,
    advance: (ms) => clock.advance(ms),
    close: async () => {
      ec2.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The SDK error of a rejected call: `name` is EC2's code. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
