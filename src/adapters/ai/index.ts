/**
 * The AI adapters: structured analysis, the built-in coding agent and multi-model consensus. They
 * call models only through the ModelGateway the engine puts in the StepContext.
 */
import type { AnyAdapter } from '../types.js';
import { aiAnalystAdapter } from './ai-analyst.js';
import { aiEditorAdapter } from './ai-editor.js';
import { multiAgentAdapter } from './multi-agent.js';

export {
  aiAnalystAdapter,
  aiAnalystParamsSchema,
  type AiAnalystOutputs,
  type AiAnalystParams,
} from './ai-analyst.js';
export {
  aiEditorAdapter,
  aiEditorParamsSchema,
  createAiEditorAdapter,
  type AiEditorDependencies,
  type AiEditorOutputs,
  type AiEditorParams,
} from './ai-editor.js';
export {
  multiAgentAdapter,
  multiAgentParamsSchema,
  type MultiAgentOutputs,
  type MultiAgentParams,
} from './multi-agent.js';
export {
  analysisSchemas,
  analysisTypes,
  writeAnalysisSchemas,
  type AnalysisType,
} from './analysis-schemas.js';

export const aiAdapters: AnyAdapter[] = [aiAnalystAdapter, aiEditorAdapter, multiAgentAdapter];
