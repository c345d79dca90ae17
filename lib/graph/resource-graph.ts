import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A template's resources keyed by construct path (from `aws:cdk:path` metadata). */
type TemplateIndex = Map<string, { logicalId: string; body: any }>;

/**
 * One CloudFormation resource of the app, as the template will have it.
 *
 * `properties` are the resolved CloudFormation properties (PascalCase, overrides applied):
 * literal values where the app knows them, intrinsic objects (`Ref`, `Fn::GetAtt`, ...) where
 * it does not. They are resolved on first use and kept.
 */
export class GraphResource {
  private _properties: Record<string, any> | undefined;
  private _logicalId: string | undefined;

  constructor(
    /** The L1 resource. */
    public readonly resource: CfnResource,
    /** The stack that holds it. */
    public readonly stack: Stack,
  ) {}

  /**
   * The synthesized template of the stack, when the graph reads an assembly folder; set by
   * `ResourceGraph` (a function type, so not part of the jsii surface).
   * @internal
   */
  public _template?: () => TemplateIndex | undefined;

  /** The CloudFormation type, e.g. `AWS::SageMaker::EndpointConfig`. */
  public get type(): string {
    return this.resource.cfnResourceType;
  }

  /** The construct path, e.g. `MyStack/Endpoint/Config`. */
  public get path(): string {
    return this.resource.node.path;
  }

  /** The logical id in the stack's template. */
  public get logicalId(): string {
    if (this._logicalId === undefined) {
      this._logicalId = this.fromTemplate()?.logicalId ?? this.stack.resolve(this.resource.logicalId) as string;
    }
    return this._logicalId;
  }

  /** The resolved CloudFormation properties. */
  public get properties(): Record<string, any> {
    if (this._properties === undefined) {
      const synthesized = this.fromTemplate();
      if (synthesized) {
        this._properties = synthesized.body?.Properties ?? {};
        return this._properties!;
      }
      const fragment = this.stack.resolve((this.resource as any)._toCloudFormation());
      const body = fragment?.Resources?.[this.logicalId] ?? Object.values(fragment?.Resources ?? {})[0];
      this._properties = (body as any)?.Properties ?? {};
    }
    return this._properties!;
  }

  /** The resource as the synthesized template has it, when the template was read. */
  private fromTemplate(): { logicalId: string; body: any } | undefined {
    return this._template?.()?.get(this.path);
  }
}

/** Options of `ResourceGraph.of`. */
export interface ResourceGraphOptions {
  /**
   * A cloud assembly folder whose stack templates are already written: properties are read from
   * them (matched by `aws:cdk:path` metadata) instead of being resolved again. Resources not
   * found there are resolved from the construct tree.
   * @default - every resource is resolved from the construct tree
   */
  readonly assemblyDir?: string;
}

/** A scalable target that scales one SageMaker production variant, with what acts on it. */
export interface VariantScaling {
  /** The `AWS::ApplicationAutoScaling::ScalableTarget`. */
  readonly target: GraphResource;
  /** The endpoint the target's `ResourceId` names. */
  readonly endpoint: GraphResource;
  /** The production variant's name. */
  readonly variantName: string;
  /** The `AWS::ApplicationAutoScaling::ScalingPolicy` resources attached to the target. */
  readonly policies: GraphResource[];
}

/** A piece of a `Fn::Join`ed string: literal text, or a reference to a resource. */
type Segment = string | { readonly ref: GraphResource };

/**
 * The app's CloudFormation resources and the links between them that the template expresses
 * only by reference: a scalable target to the endpoint variant it scales, an endpoint to its
 * config, an Auto Scaling group to its launch template, a notebook to its lifecycle config.
 *
 * The cost engine and the checks both read links from here, so they agree on them.
 */
export class ResourceGraph {
  /**
   * Builds the graph of every `CfnResource` under the root of `scope`.
   * Built fresh on each call: the tree may grow between calls.
   */
  public static of(scope: IConstruct, options: ResourceGraphOptions = {}): ResourceGraph {
    return new ResourceGraph(scope.node.root, options);
  }

  /** Every resource, in construct-tree order. */
  public readonly resources: GraphResource[] = [];
  private readonly byStackAndId = new Map<Stack, Map<string, GraphResource>>();
  private readonly byType = new Map<string, GraphResource[]>();
  private readonly byResource = new Map<CfnResource, GraphResource>();
  private scalingIndex: Map<GraphResource, VariantScaling[]> | undefined;
  private endpointIndex: Map<GraphResource, GraphResource[]> | undefined;
  private readonly nameIndex = new Map<string, Map<string, GraphResource[]>>();
  private readonly templates = new Map<Stack, TemplateIndex | undefined>();

  private constructor(root: IConstruct, private readonly options: ResourceGraphOptions) {
    for (const construct of root.node.findAll()) {
      if (!CfnResource.isCfnResource(construct)) continue;
      const stack = Stack.of(construct);
      const node = new GraphResource(construct, stack);
      if (options.assemblyDir) node._template = () => this.templateOf(stack);
      this.resources.push(node);
      this.byResource.set(construct, node);
      if (!this.byType.has(node.type)) this.byType.set(node.type, []);
      this.byType.get(node.type)!.push(node);
    }
  }

  /** The graph node of an L1 resource. */
  public nodeOf(resource: CfnResource): GraphResource | undefined {
    return this.byResource.get(resource);
  }

  /** Resources of one CloudFormation type. */
  public ofType(resourceType: string): GraphResource[] {
    return this.byType.get(resourceType) ?? [];
  }

  /** The resource with this logical id in this stack. */
  public get(stack: Stack, logicalId: string): GraphResource | undefined {
    let index = this.byStackAndId.get(stack);
    if (!index) {
      index = new Map();
      for (const r of this.resources) if (r.stack === stack) index.set(r.logicalId, r);
      this.byStackAndId.set(stack, index);
    }
    return index.get(logicalId);
  }

  /** The resource a `{ Ref }` or `{ Fn::GetAtt }` value points at, in the given stack. */
  public referenced(value: unknown, stack: Stack): GraphResource | undefined {
    if (!value || typeof value !== 'object') return undefined;
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') return this.get(stack, v.Ref);
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return this.get(stack, getAtt[0]);
    if (typeof getAtt === 'string') return this.get(stack, getAtt.split('.')[0]);
    return undefined;
  }

  /**
   * The resource of `resourceType` that `value` designates, as a property of `source`: by
   * reference, or by a literal name equal to the target's `nameProperty` (for example an
   * `EndpointConfigName` given as a string).
   */
  public link(value: unknown, source: GraphResource, resourceType: string, nameProperty: string): GraphResource | undefined {
    const byRef = this.referenced(value, source.stack);
    if (byRef) return byRef.type === resourceType ? byRef : undefined;
    if (typeof value !== 'string' || Token.isUnresolved(value)) return undefined;
    const candidates = this.byName(resourceType, nameProperty).get(value) ?? [];
    return candidates.find(r => r.stack === source.stack) ?? candidates[0];
  }

  /** The endpoints that use an endpoint config. */
  public endpointsOf(endpointConfig: GraphResource): GraphResource[] {
    if (!this.endpointIndex) {
      this.endpointIndex = new Map();
      for (const endpoint of this.ofType('AWS::SageMaker::Endpoint')) {
        const config = this.link(endpoint.properties.EndpointConfigName, endpoint, 'AWS::SageMaker::EndpointConfig', 'EndpointConfigName');
        if (!config) continue;
        if (!this.endpointIndex.has(config)) this.endpointIndex.set(config, []);
        this.endpointIndex.get(config)!.push(endpoint);
      }
    }
    return this.endpointIndex.get(endpointConfig) ?? [];
  }

  /** The scalable targets (with their policies) that scale the variants of an endpoint config. */
  public variantScalingOf(endpointConfig: GraphResource): VariantScaling[] {
    const index = this.buildScalingIndex();
    return this.endpointsOf(endpointConfig).flatMap(endpoint => index.get(endpoint) ?? []);
  }

  /** The scaling of one variant of an endpoint config, when a scalable target covers it. */
  public scalingOfVariant(endpointConfig: GraphResource, variantName: string): VariantScaling | undefined {
    return this.variantScalingOf(endpointConfig).find(s => s.variantName === variantName);
  }

  /**
   * The launch template an Auto Scaling group launches from (directly or through its
   * mixed-instances policy), or its launch configuration.
   */
  public launchSourceOf(autoScalingGroup: GraphResource): GraphResource | undefined {
    const props = autoScalingGroup.properties;
    const spec = props.LaunchTemplate ?? props.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (spec) {
      return this.referenced(spec.LaunchTemplateId, autoScalingGroup.stack)
        ?? this.link(spec.LaunchTemplateName, autoScalingGroup, 'AWS::EC2::LaunchTemplate', 'LaunchTemplateName');
    }
    if (props.LaunchConfigurationName !== undefined) {
      return this.link(props.LaunchConfigurationName, autoScalingGroup, 'AWS::AutoScaling::LaunchConfiguration', 'LaunchConfigurationName');
    }
    return undefined;
  }

  /** The lifecycle configuration of a notebook instance, when it has one in this app. */
  public lifecycleConfigOf(notebook: GraphResource): GraphResource | undefined {
    return this.link(notebook.properties.LifecycleConfigName, notebook,
      'AWS::SageMaker::NotebookInstanceLifecycleConfig', 'NotebookInstanceLifecycleConfigName');
  }

  /**
   * Splits a resolved string value (a literal or a `Fn::Join` of literals and references)
   * into segments, or returns undefined when it holds anything else.
   *
   * TypeScript only (`@jsii ignore`): a segment is a string or a reference, a union other
   * languages cannot state.
   * @jsii ignore
   */
  public segments(value: unknown, stack: Stack): Segment[] | undefined {
    if (typeof value === 'string') return [value];
    const ref = this.referenced(value, stack);
    if (ref) return [{ ref }];
    const join = (value as any)?.['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      const out: Segment[] = [];
      join[1].forEach((part: unknown, i: number) => {
        if (i > 0 && join[0]) out.push(join[0]);
        const inner = this.segments(part, stack);
        if (!inner) throw new NotSegmentable();
        out.push(...inner);
      });
      return out;
    }
    return undefined;
  }

  /** Resources of a type by the literal value of one of their properties (a name). */
  private byName(type: string, nameProperty: string): Map<string, GraphResource[]> {
    const key = `${type}|${nameProperty}`;
    let index = this.nameIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.ofType(type)) {
        const name = r.properties[nameProperty];
        if (typeof name !== 'string') continue;
        if (!index.has(name)) index.set(name, []);
        index.get(name)!.push(r);
      }
      this.nameIndex.set(key, index);
    }
    return index;
  }

  /** The stack's synthesized template, indexed by construct path, when it is in the assembly folder. */
  private templateOf(stack: Stack): TemplateIndex | undefined {
    if (this.templates.has(stack)) return this.templates.get(stack);
    let index: TemplateIndex | undefined;
    const file = path.join(this.options.assemblyDir!, stack.templateFile);
    if (fs.existsSync(file)) {
      const resources = JSON.parse(fs.readFileSync(file, 'utf-8')).Resources ?? {};
      index = new Map();
      for (const [logicalId, body] of Object.entries<any>(resources)) {
        const cdkPath = body?.Metadata?.['aws:cdk:path'];
        if (typeof cdkPath === 'string') index.set(cdkPath, { logicalId, body });
      }
      if (index.size === 0) index = undefined; // no path metadata: resolve from the tree instead
    }
    this.templates.set(stack, index);
    return index;
  }

  private buildScalingIndex(): Map<GraphResource, VariantScaling[]> {
    if (this.scalingIndex) return this.scalingIndex;
    const index = new Map<GraphResource, VariantScaling[]>();
    const policies = this.ofType('AWS::ApplicationAutoScaling::ScalingPolicy');
    for (const target of this.ofType('AWS::ApplicationAutoScaling::ScalableTarget')) {
      const props = target.properties;
      if (props.ServiceNamespace !== 'sagemaker') continue;
      const parsed = this.parseVariantResourceId(props.ResourceId, target);
      if (!parsed) continue;
      const attached = policies.filter(p => this.referenced(p.properties.ScalingTargetId, p.stack) === target
        || (p.properties.ResourceId !== undefined && JSON.stringify(p.properties.ResourceId) === JSON.stringify(props.ResourceId)));
      const scaling: VariantScaling = { target, endpoint: parsed.endpoint, variantName: parsed.variantName, policies: attached };
      if (!index.has(parsed.endpoint)) index.set(parsed.endpoint, []);
      index.get(parsed.endpoint)!.push(scaling);
    }
    this.scalingIndex = index;
    return index;
  }

  /** `endpoint/<name>/variant/<variant>`, with the name a literal or a reference to the endpoint. */
  private parseVariantResourceId(resourceId: unknown, target: GraphResource): { endpoint: GraphResource; variantName: string } | undefined {
    let segments: Segment[] | undefined;
    try {
      segments = this.segments(resourceId, target.stack);
    } catch (e) {
      if (e instanceof NotSegmentable) return undefined;
      throw e;
    }
    if (!segments) return undefined;
    const refs: GraphResource[] = [];
    const text = segments.map(s => (typeof s === 'string' ? s : `\u0000${refs.push(s.ref) - 1}\u0000`)).join('');
    const match = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(text);
    if (!match) return undefined;
    const [, endpointPart, variantName] = match;
    const refMatch = /^\u0000(\d+)\u0000$/.exec(endpointPart);
    const endpoint = refMatch
      ? refs[Number(refMatch[1])]
      : (this.byName('AWS::SageMaker::Endpoint', 'EndpointName').get(endpointPart) ?? [])[0];
    if (!endpoint || endpoint.type !== 'AWS::SageMaker::Endpoint' || variantName.includes('\u0000')) return undefined;
    return { endpoint, variantName };
  }
}

class NotSegmentable extends Error {}
