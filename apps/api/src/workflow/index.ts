export { WorkflowModule } from './workflow.module.js';
export { type SignatureInForce, WorkflowService } from './workflow.service.js';
