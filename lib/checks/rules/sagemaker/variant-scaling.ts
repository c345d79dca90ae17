import { GraphResource, ResourceGraph, VariantScaling } from '../../../graph/resource-graph';
import { AcceleratedVariant, acceleratedVariantsOf } from '../accelerated';

/** One accelerated variant as one endpoint deploys it, with the scalable target that scales it there. */
export interface DeployedAcceleratedVariant {
  readonly variant: AcceleratedVariant;
  /** The endpoint, or undefined when no endpoint of the app uses the config. */
  readonly endpoint?: GraphResource;
  /** The scalable target of this variant on this endpoint, when there is one. */
  readonly scaling?: VariantScaling;
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
  if (endpoints.length === 0) return variants.map(variant => ({ variant }));
  return variants.flatMap(variant => endpoints.map(endpoint => ({
    variant,
    endpoint,
    scaling: scalings.find(s => s.endpoint === endpoint && s.variantName === variant.variantName),
  })));
}
