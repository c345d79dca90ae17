import { GraphResource, ResourceGraph, VariantScaling } from '../../../graph/resource-graph';
import { AcceleratedVariant, acceleratedVariantsOf } from '../accelerated';

/** One accelerated variant as one endpoint deploys it, with the scalable target that scales it there. */
export interface DeployedAcceleratedVariant {
  readonly variant: AcceleratedVariant;
  /** The endpoint, or undefined when no endpoint of the app uses the config. */
  readonly endpoint?: GraphResource;
  /** The scalable target of this variant on this endpoint, when there is one. */
  readonly scaling?: VariantScaling;
  /**
   * The variant's `ManagedInstanceScaling`, when it is enabled: an endpoint of inference
   * components, whose instance count SageMaker scales between `MinInstanceCount` (0 allowed)
   * and `MaxInstanceCount` to fit the components' copies.
   */
  readonly managedInstanceScaling?: { readonly MinInstanceCount?: unknown; readonly MaxInstanceCount?: unknown };
}

/** True when the variant's instance count is scaled: by a scalable target, or by managed instance scaling. */
export function isScaled(d: DeployedAcceleratedVariant): boolean {
  return d.scaling !== undefined || d.managedInstanceScaling !== undefined;
}

/**
 * The raw upper bound of the variant's instance count: the scalable target's `MaxCapacity`,
 * else managed instance scaling's `MaxInstanceCount` (undefined when it is missing).
 */
export function maxCapacityOf(d: DeployedAcceleratedVariant): unknown {
  if (d.scaling) return d.scaling.target.properties.MaxCapacity;
  return d.managedInstanceScaling?.MaxInstanceCount;
}

/**
 * Every accelerated variant of an endpoint config, once per endpoint that deploys it (each
 * endpoint runs and scales its own instances), or once with no endpoint when none does.
 */
export function deployedAcceleratedVariants(endpointConfig: GraphResource, graph: ResourceGraph): DeployedAcceleratedVariant[] {
  const variants = acceleratedVariantsOf(endpointConfig);
  if (variants.length === 0) return [];
  const endpoints = graph.endpointsOf(endpointConfig);
  const scalings = graph.variantScalingOf(endpointConfig);
  const managed = (variant: AcceleratedVariant) => managedScalingOf(endpointConfig, variant.variantName);
  if (endpoints.length === 0) return variants.map(variant => ({ variant, managedInstanceScaling: managed(variant) }));
  return variants.flatMap(variant => endpoints.map(endpoint => ({
    variant,
    endpoint,
    scaling: scalings.find(s => s.endpoint === endpoint && s.variantName === variant.variantName),
    managedInstanceScaling: managed(variant),
  })));
}

function managedScalingOf(endpointConfig: GraphResource, variantName: string): DeployedAcceleratedVariant['managedInstanceScaling'] {
  const variants: unknown = endpointConfig.properties.ProductionVariants;
  if (!Array.isArray(variants)) return undefined;
  const variant = variants.find((v: any, i: number) => (typeof v?.VariantName === 'string' ? v.VariantName : `#${i}`) === variantName);
  const scaling = variant?.ManagedInstanceScaling;
  if (!scaling || typeof scaling !== 'object' || scaling.Status === 'DISABLED') return undefined;
  return scaling;
}
