import { planVerifyAgreement } from './plan-verify-agreement.js';

planVerifyAgreement(2);
