import { Token } from 'aws-cdk-lib';

/** A cross-Region inference profile id: a geography prefix and the foundation model's id. */
const PROFILE_ID = /^(us-gov|us|eu|apac|jp|au|global)\.(.+)$/;

/** Options of `BedrockModelId.of`. */
export interface BedrockModelIdOptions {
  /**
   * The Regions a cross-Region inference profile routes to, when they differ from the
   * geography's documented set (each model's page in the Bedrock user guide lists its own):
   * the grant then covers the foundation model in exactly these Regions (and the stack's).
   * Only for cross-Region inference profile ids; not for `global.` profiles, whose
   * destinations are granted as one Region-less foundation-model ARN.
   * @default - every Region the profile's geography routes to (see the family README)
   */
  readonly destinationRegions?: string[];
}

/**
 * A Bedrock model to invoke on demand: a foundation model in the stack's Region
 * (`anthropic.claude-haiku-4-5-20251001-v1:0`) or a cross-Region (system-defined) inference
 * profile, whose id is the model's with a geography prefix (`us.`, `eu.`, `apac.`, `jp.`, `au.`,
 * `us-gov.`) or `global.`. The constants are the models the price book knows in most Regions;
 * `BedrockModelId.of('...')` takes any other id (an id the book does not know gives unpriced
 * lines with close matches, not an error).
 */
export class BedrockModelId {
  // ── Anthropic ──────────────────────────────────────────────────────────────────────────────
  /** Claude Haiku 4.5, in the stack's Region. */
  public static readonly ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Haiku 4.5 through the US cross-Region inference profile. */
  public static readonly US_ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('us.anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Haiku 4.5 through the EU cross-Region inference profile. */
  public static readonly EU_ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Haiku 4.5 through the Asia Pacific cross-Region inference profile. */
  public static readonly APAC_ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('apac.anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Haiku 4.5 through the global cross-Region inference profile (any commercial Region). */
  public static readonly GLOBAL_ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('global.anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Sonnet 4.5, in the stack's Region. */
  public static readonly ANTHROPIC_CLAUDE_SONNET_4_5 = new BedrockModelId('anthropic.claude-sonnet-4-5-20250929-v1:0');
  /** Claude Sonnet 4.5 through the US cross-Region inference profile. */
  public static readonly US_ANTHROPIC_CLAUDE_SONNET_4_5 = new BedrockModelId('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  /** Claude Sonnet 4.5 through the EU cross-Region inference profile. */
  public static readonly EU_ANTHROPIC_CLAUDE_SONNET_4_5 = new BedrockModelId('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
  /** Claude Sonnet 4.5 through the global cross-Region inference profile (any commercial Region). */
  public static readonly GLOBAL_ANTHROPIC_CLAUDE_SONNET_4_5 = new BedrockModelId('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
  /** Claude 3.5 Haiku, in the stack's Region. */
  public static readonly ANTHROPIC_CLAUDE_3_5_HAIKU = new BedrockModelId('anthropic.claude-3-5-haiku-20241022-v1:0');
  /** Claude 3.5 Haiku through the US cross-Region inference profile. */
  public static readonly US_ANTHROPIC_CLAUDE_3_5_HAIKU = new BedrockModelId('us.anthropic.claude-3-5-haiku-20241022-v1:0');
  /** Claude 3 Haiku, in the stack's Region. */
  public static readonly ANTHROPIC_CLAUDE_3_HAIKU = new BedrockModelId('anthropic.claude-3-haiku-20240307-v1:0');
  // ── Amazon ─────────────────────────────────────────────────────────────────────────────────
  /** Amazon Nova Micro, in the stack's Region. */
  public static readonly AMAZON_NOVA_MICRO = new BedrockModelId('amazon.nova-micro-v1:0');
  /** Amazon Nova Lite, in the stack's Region. */
  public static readonly AMAZON_NOVA_LITE = new BedrockModelId('amazon.nova-lite-v1:0');
  /** Amazon Nova Lite through the US cross-Region inference profile. */
  public static readonly US_AMAZON_NOVA_LITE = new BedrockModelId('us.amazon.nova-lite-v1:0');
  /** Amazon Nova Lite through the EU cross-Region inference profile. */
  public static readonly EU_AMAZON_NOVA_LITE = new BedrockModelId('eu.amazon.nova-lite-v1:0');
  /** Amazon Nova Pro, in the stack's Region. */
  public static readonly AMAZON_NOVA_PRO = new BedrockModelId('amazon.nova-pro-v1:0');
  // ── Meta ───────────────────────────────────────────────────────────────────────────────────
  /** Llama 3.3 70B Instruct through the US cross-Region inference profile. */
  public static readonly US_META_LLAMA_3_3_70B_INSTRUCT = new BedrockModelId('us.meta.llama3-3-70b-instruct-v1:0');

  /**
   * Any model or cross-Region inference profile id, e.g. `mistral.pixtral-large-2502-v1:0` or
   * `eu.mistral.pixtral-large-2502-v1:0`. Not checked here: the construct that uses it checks
   * the id (and that the stack's Region may call the profile) and names the prop.
   */
  public static of(modelId: string, options: BedrockModelIdOptions = {}): BedrockModelId {
    return new BedrockModelId(modelId, options.destinationRegions);
  }

  /** The id as Bedrock takes it (`modelId` of InvokeModel and Converse). */
  public readonly modelId: string;
  /**
   * The profile's geography prefix (`us`, `eu`, `apac`, `jp`, `au`, `us-gov`, `global`) when
   * the id is a cross-Region inference profile.
   * @default - a foundation model in the stack's Region
   */
  public readonly profileGeography?: string;
  /** The foundation model the id runs: the id without its profile prefix. */
  public readonly foundationModelId: string;
  /**
   * The Regions given with `of`, for a profile that routes to other Regions than its geography's set.
   * @default - the geography's documented set
   */
  public readonly destinationRegions?: string[];

  private constructor(modelId: string, destinationRegions?: string[]) {
    this.modelId = modelId;
    this.destinationRegions = destinationRegions ? [...destinationRegions] : undefined;
    const profile = typeof modelId === 'string' && !Token.isUnresolved(modelId) ? PROFILE_ID.exec(modelId) : null;
    this.profileGeography = profile ? profile[1] : undefined;
    this.foundationModelId = profile ? profile[2] : modelId;
  }

  /** True for a cross-Region inference profile id. */
  public get isCrossRegionProfile(): boolean {
    return this.profileGeography !== undefined;
  }

  /** The id. */
  public toString(): string {
    return this.modelId;
  }
}
