/**
 * The contract between the EC2 Query codec and the EC2 operation handlers (one file per action in
 * `operations/`). A handler parses its parameters, calls the
 * model and returns the body of `<ActionResponse>`; the codec adds the envelope, `requestId`, and
 * turns a thrown AwsError into EC2's error document.
 */
import type { Ec2Model } from '../../services/ec2/model.js';
import type { QueryParams } from './params.js';
import type { XmlBody } from './xml.js';

export interface Ec2OpContext {
  ec2: Ec2Model;
  requestId: string;
  region: string;
  accountId: string;
}

export interface Ec2Operation<Ctx = Ec2OpContext> {
  /** The Query `Action`, e.g. `CreateVpc`. */
  action: string;
  /** False for Describe*: the trail records `readOnly: true` and the state is not rewritten. */
  mutating: boolean;
  handle(params: QueryParams, ctx: Ctx): XmlBody;
}
