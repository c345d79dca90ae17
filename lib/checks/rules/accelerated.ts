import { GraphResource, ResourceGraph } from '../../graph/resource-graph';
import { isAcceleratedInstanceType } from '../../pricing/instance-types';
import { literalString } from './rule-context';
import { trainingJobDefinitionsOf } from './training/training-job-definitions';

/** A production variant of an endpoint config that runs on an accelerated instance type. */
export interface AcceleratedVariant {
  /** The variant's name (`#<index>` when it is not a literal). */
  readonly variantName: string;
  /** Its instance type, e.g. `ml.g5.xlarge`. */
  readonly instanceType: string;
}

/** The variants of an `AWS::SageMaker::EndpointConfig` that run on accelerated instances. */
export function acceleratedVariantsOf(endpointConfig: GraphResource): AcceleratedVariant[] {
  const variants: unknown = endpointConfig.properties.ProductionVariants;
  if (!Array.isArray(variants)) return [];
  const out: AcceleratedVariant[] = [];
  variants.forEach((variant: any, i: number) => {
    const instanceType = literalString(variant?.InstanceType);
    if (!instanceType || !isAcceleratedInstanceType(instanceType)) return;
    out.push({ variantName: literalString(variant.VariantName) ?? `#${i}`, instanceType });
  });
  return out;
}

/**
 * The instance types an Auto Scaling group may launch: the mixed-instances overrides, else the
 * launch template's or launch configuration's type. Only literal types; a template outside the
 * app or a type given by a parameter is unknown and left out.
 */
export function autoScalingGroupInstanceTypes(group: GraphResource, graph: ResourceGraph): string[] {
  const overrides: unknown = group.properties.MixedInstancesPolicy?.LaunchTemplate?.Overrides;
  const types: string[] = [];
  if (Array.isArray(overrides)) {
    for (const o of overrides) {
      const t = literalString(o?.InstanceType);
      if (t) types.push(t);
    }
  }
  const source = graph.launchSourceOf(group);
  const data = source?.type === 'AWS::EC2::LaunchTemplate' ? source.properties.LaunchTemplateData : source?.properties;
  const t = literalString(data?.InstanceType);
  if (t) types.push(t);
  return types;
}

/**
 * True when attribute-based instance selection asks for accelerators (AcceleratorCount with a
 * minimum of at least 1, or accelerator types/names/manufacturers without a maximum of 0).
 */
function requirementsWantAccelerators(requirements: any): boolean {
  if (!requirements || typeof requirements !== 'object') return false;
  const count = requirements.AcceleratorCount ?? {};
  if (Number(count.Max) === 0) return false;
  if (Number(count.Min) >= 1) return true;
  return ['AcceleratorTypes', 'AcceleratorNames', 'AcceleratorManufacturers'].some(k => Array.isArray(requirements[k]) && requirements[k].length > 0);
}

/** True when an Auto Scaling group may launch accelerated instances. */
export function isAcceleratedAutoScalingGroup(group: GraphResource, graph: ResourceGraph): boolean {
  if (autoScalingGroupInstanceTypes(group, graph).some(isAcceleratedInstanceType)) return true;
  const overrides: unknown = group.properties.MixedInstancesPolicy?.LaunchTemplate?.Overrides;
  if (Array.isArray(overrides) && overrides.some(o => requirementsWantAccelerators(o?.InstanceRequirements))) return true;
  const source = graph.launchSourceOf(group);
  return source?.type === 'AWS::EC2::LaunchTemplate' && requirementsWantAccelerators(source.properties.LaunchTemplateData?.InstanceRequirements);
}

/**
 * True when a resource runs (or starts) accelerated hardware: an endpoint config with an
 * accelerated variant, an accelerated notebook, Auto Scaling group or EC2 instance, or a
 * training job definition on an accelerated type.
 */
export function isAcceleratedResource(node: GraphResource, graph: ResourceGraph): boolean {
  switch (node.type) {
    case 'AWS::SageMaker::EndpointConfig':
      return acceleratedVariantsOf(node).length > 0;
    case 'AWS::SageMaker::NotebookInstance':
    case 'AWS::EC2::Instance': {
      const t = literalString(node.properties.InstanceType);
      return t !== undefined && isAcceleratedInstanceType(t);
    }
    case 'AWS::AutoScaling::AutoScalingGroup':
      return isAcceleratedAutoScalingGroup(node, graph);
    default:
      return trainingJobDefinitionsOf(node).some(d => trainingInstanceTypes(d.request).some(isAcceleratedInstanceType));
  }
}

/** The literal instance types of a CreateTrainingJob request (ResourceConfig and its instance groups). */
export function trainingInstanceTypes(request: Record<string, any>): string[] {
  const config = request.ResourceConfig ?? {};
  const types = [literalString(config.InstanceType)];
  if (Array.isArray(config.InstanceGroups)) types.push(...config.InstanceGroups.map((g: any) => literalString(g?.InstanceType)));
  return types.filter((t): t is string => t !== undefined);
}
