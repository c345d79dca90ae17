import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CostLineData, CostReportData } from '../../lib';

/**
 * The parsed definition of the one standard state machine in a stack. `DefinitionString` is
 * an `Fn::Join` of literal JSON and references; each reference is replaced by a placeholder
 * naming it (`<Ref:Bucket>`, `<GetAtt:Role.Arn>`, `<Partition>`) so the JSON parses.
 */
export function definitionOf(stack: Stack): any {
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  // The job's own (standard) workflow; the Express one only reports runs that time out or are aborted.
  const all = Object.values(machines).filter((m: any) => m.Properties.StateMachineType !== 'EXPRESS');
  if (all.length !== 1) throw new Error(`expected one state machine, found ${all.length}`);
  const value = all[0].Properties.DefinitionString;
  if (typeof value === 'string') return JSON.parse(value);
  const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
  return JSON.parse(parts.map(placeholder).join(separator));
}

function placeholder(part: unknown): string {
  if (typeof part === 'string') return part;
  const p = part as Record<string, any>;
  if (p.Ref === 'AWS::Partition') return 'aws';
  if (p.Ref) return `<Ref:${p.Ref}>`;
  if (p['Fn::GetAtt']) return `<GetAtt:${p['Fn::GetAtt'].join('.')}>`;
  return `<${Object.keys(p)[0]}>`;
}

/** The usage lines a construct recorded at exactly `path` (its resources' lines sit below it). */
export function usageLinesAt(report: CostReportData, path: string): CostLineData[] {
  return report.lines.filter(l => l.path === path && l.resourceType.startsWith('Usage::'));
}

/** The one usage line at `path`. */
export function usageLine(report: CostReportData, path: string): CostLineData {
  const lines = usageLinesAt(report, path);
  if (lines.length !== 1) throw new Error(`expected one usage line at ${path}, found ${lines.length}`);
  return lines[0];
}

/** The message of the error `build` throws (fails the test when it throws none). */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}
