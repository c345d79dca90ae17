import { GraphResource } from '../../../graph/resource-graph';

/**
 * Stands in for a value the template only knows at deploy time (a `Ref`, a `Fn::GetAtt`) inside a
 * JSON document assembled with `Fn::Join` / `Fn::Sub`. It counts as "a value is set".
 */
export const DEPLOY_TIME_VALUE = '__CDK_COST_AWARE_DEPLOY_TIME_VALUE__';

/** A SageMaker CreateTrainingJob request found in the app, and where. */
export interface TrainingJobDefinition {
  /** Where in the resource, e.g. `state "Train"` or `pipeline step "Train"`. */
  readonly location: string;
  /**
   * The CreateTrainingJob request (PascalCase API fields). A field set at run time by a JSONPath
   * (`"MaxRuntimeInSeconds.$": "$.x"`) appears under its `.$` key.
   */
  readonly request: Record<string, any>;
}

/** `...:states:::sagemaker:createTrainingJob`, `.sync`, `.waitForTaskToken`, or the SDK integration. */
const STATES_TRAINING_RESOURCE = /:states:::(aws-sdk:)?sagemaker:createTrainingJob(\.sync(:2)?|\.waitForTaskToken)?$/i;

/**
 * The training job requests a resource defines:
 * - `AWS::StepFunctions::StateMachine`: every Task state (also inside Parallel branches and Map
 *   iterators) whose Resource is the SageMaker createTrainingJob integration, read from
 *   `DefinitionString` (a literal or a `Fn::Join`) or `Definition`;
 * - `AWS::SageMaker::Pipeline`: every step of type `Training` in `PipelineDefinitionBody`;
 * - `Custom::AWS` (the `AwsCustomResource`): a `createTrainingJob` call in `Create` or `Update`.
 *
 * A definition stored in S3 (`DefinitionS3Location`, `PipelineDefinitionS3Location`) cannot be read at synth and yields nothing.
 */
export function trainingJobDefinitionsOf(node: GraphResource): TrainingJobDefinition[] {
  const props = node.properties;
  switch (node.type) {
    case 'AWS::StepFunctions::StateMachine': {
      const definition = props.Definition ?? jsonFromCfnValue(props.DefinitionString);
      const out: TrainingJobDefinition[] = [];
      visitStates(definition?.States, (name, state) => {
        if (state?.Type === 'Task' && typeof state.Resource === 'string' && STATES_TRAINING_RESOURCE.test(state.Resource)) {
          const request = state.Parameters ?? state.Arguments;
          out.push({ location: `state "${name}"`, request: isObject(request) ? request : {} });
        }
      });
      return out;
    }
    case 'AWS::SageMaker::Pipeline': {
      // The L1 passes PipelineDefinition through untyped: accept the CloudFormation spelling and the camelCase one.
      const definition = props.PipelineDefinition;
      const body = jsonFromCfnValue(definition?.PipelineDefinitionBody ?? definition?.pipelineDefinitionBody);
      const out: TrainingJobDefinition[] = [];
      visitObjects(body, o => {
        if (o.Type === 'Training' && isObject(o.Arguments)) {
          out.push({ location: `pipeline step "${typeof o.Name === 'string' ? o.Name : '?'}"`, request: o.Arguments });
        }
      });
      return out;
    }
    case 'Custom::AWS': {
      const out: TrainingJobDefinition[] = [];
      for (const phase of ['Create', 'Update']) {
        const call = jsonFromCfnValue(props[phase]);
        if (isObject(call) && /sagemaker/i.test(String(call.service)) && /^(createTrainingJob|CreateTrainingJobCommand)$/.test(String(call.action))) {
          out.push({ location: `${phase} call`, request: isObject(call.parameters) ? call.parameters : {} });
        }
      }
      return out;
    }
    default:
      return [];
  }
}

/** True when a request sets `key` (literally, from a deploy-time value, or from a JSONPath at run time). */
export function sets(obj: unknown, key: string): boolean {
  return isObject(obj) && (obj[key] !== undefined || obj[`${key}.$`] !== undefined);
}

/**
 * True when the request may train on managed Spot: `EnableManagedSpotTraining` is `true`, or
 * is only known at run time (then the definition must be safe for Spot too).
 */
export function mayUseManagedSpot(request: Record<string, any>): boolean {
  const v = request.EnableManagedSpotTraining;
  if (request['EnableManagedSpotTraining.$'] !== undefined) return true;
  if (v === undefined || v === false || v === 'false') return false;
  return true;
}

/** The stopping condition's field, counting a StoppingCondition set wholesale at run time. */
export function setsStoppingField(request: Record<string, any>, field: string): boolean {
  if (request['StoppingCondition.$'] !== undefined) return true;
  return sets(request.StoppingCondition, field);
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function visitStates(states: unknown, visit: (name: string, state: any) => void): void {
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    if (Array.isArray(state?.Branches)) for (const b of state.Branches) visitStates(b?.States, visit);
    visitStates(state?.Iterator?.States, visit);
    visitStates(state?.ItemProcessor?.States, visit);
  }
}

function visitObjects(value: unknown, visit: (o: Record<string, any>) => void): void {
  if (Array.isArray(value)) {
    value.forEach(v => visitObjects(v, visit));
  } else if (isObject(value)) {
    visit(value);
    Object.values(value).forEach(v => visitObjects(v, visit));
  }
}

/**
 * Parses a JSON document the template gives as a string, a `Fn::Join` of strings and
 * references, or a `Fn::Sub`. Each reference becomes `DEPLOY_TIME_VALUE` (quoted when it
 * stands outside a JSON string, so the document still parses). Undefined when it is not JSON.
 */
export function jsonFromCfnValue(value: unknown): any {
  const parts = flatten(value);
  if (!parts) return undefined;
  let text = '';
  let inString = false;
  let backslashes = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      for (const ch of part) {
        // A quote preceded by an odd run of backslashes is escaped and does not end the string.
        if (ch === '"' && backslashes % 2 === 0) inString = !inString;
        backslashes = ch === '\\' ? backslashes + 1 : 0;
      }
      text += part;
    } else {
      text += inString ? DEPLOY_TIME_VALUE : `"${DEPLOY_TIME_VALUE}"`;
      backslashes = 0;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const OPAQUE = Symbol('opaque');

/** Literal pieces and opaque references of a string-valued CloudFormation expression. */
function flatten(value: unknown): Array<string | typeof OPAQUE> | undefined {
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return undefined;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const out: Array<string | typeof OPAQUE> = [];
    join[1].forEach((part: unknown, i: number) => {
      if (i > 0 && join[0]) out.push(join[0]);
      out.push(...(flatten(part) ?? [OPAQUE]));
    });
    return out;
  }
  const sub = value['Fn::Sub'];
  const template = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (template !== undefined) {
    // `${!Literal}` is an escaped `${Literal}`; any other `${...}` is a deploy-time value.
    const out: Array<string | typeof OPAQUE> = [];
    const re = /\$\{(!?)([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      out.push(template.slice(last, m.index));
      out.push(m[1] ? `\${${m[2]}}` : OPAQUE);
      last = m.index + m[0].length;
    }
    out.push(template.slice(last));
    return out;
  }
  // A lone reference (Ref, GetAtt, ImportValue...): a value only known at deploy time.
  return [OPAQUE];
}
