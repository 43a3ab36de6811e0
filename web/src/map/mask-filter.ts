/**
 * MaskFilterExtension: a deck.gl (9.x, WebGL2) layer extension that filters features on the GPU by
 * multi-valued membership — modelled on deck.gl's own DataFilterExtension, whose single values
 * and categories cannot say "this feature touches counties A and B".
 *
 * Per feature, two integer attributes: `maskValues` (uvec3: county, measure and status bitmasks
 * from masks.ts `featureMasks`, built once when the data is set) and `maskSearch` (uint: the text
 * search flag, rebuilt only when its update trigger — the normalised `q` — changes). The filter is a
 * uniform (`maskFilterValue`: uvec4 of county, measure and status masks and the flags of the parts
 * in use, masks.ts `filterMasks`), so a county, measure or status change sets one uniform and
 * recomputes no attribute. A hidden feature is collapsed in the vertex shader and discarded in the
 * fragment shader, so it is neither drawn nor picked.
 *
 * Works on primitive layers (Scatterplot, Icon, Path, SolidPolygon…) and, through deck.gl's
 * extension prop forwarding, on composite layers (GeoJsonLayer, MVTLayer's sublayers).
 */
import { LayerExtension, type Accessor, type Layer, type UpdateParameters } from '@deck.gl/core';
import type { ShaderModule } from '@luma.gl/shadertools';
import { TEST_HOOKS } from '../lib/testHooks';
import type { FeatureMasks, FilterMasks } from './masks';

export interface MaskFilterExtensionProps<DataT = unknown> {
  /** The feature's [county, measure, status] masks (masks.ts featureMasks). Keep its update trigger stable. */
  getMaskValues?: Accessor<DataT, FeatureMasks | readonly number[]>;
  /** 1 where the feature matches the text search, else 0 (masks.ts searchFlag). Trigger: the normalised q. */
  getMaskSearch?: Accessor<DataT, number>;
  /** The filter: [county, measure, status masks, flags] (masks.ts filterMasks). */
  maskFilterValue?: FilterMasks | readonly number[];
}

const uniformBlock = /* glsl */ `\
layout(std140) uniform maskFilterUniforms {
  highp uvec4 masks;
} maskFilter;
`;

const vs = /* glsl */ `\
${uniformBlock}
in uvec3 maskValues;
in uint maskSearch;
out float maskFilter_visible;

float maskFilter_test() {
  uvec4 f = maskFilter.masks;
  uint flags = f.w;
  if ((flags & 1u) != 0u && (maskValues.x & f.x) == 0u) return 0.0;
  if ((flags & 2u) != 0u && (maskValues.y & f.y) == 0u) return 0.0;
  if ((flags & 4u) != 0u && (maskValues.z & f.z) == 0u) return 0.0;
  if ((flags & 8u) != 0u && maskSearch == 0u) return 0.0;
  return 1.0;
}
`;

const fs = /* glsl */ `\
${uniformBlock}
in float maskFilter_visible;
`;

type MaskFilterModuleProps = { masks?: readonly number[] };

const maskFilterModule = {
  name: 'maskFilter',
  vs,
  fs,
  inject: {
    'vs:#main-start': /* glsl */ `
    maskFilter_visible = maskFilter_test();
  `,
    'vs:#main-end': /* glsl */ `
    if (maskFilter_visible == 0.0) {
      gl_Position = vec4(0.);
    }
  `,
    'fs:DECKGL_FILTER_COLOR': /* glsl */ `
    if (maskFilter_visible == 0.0) discard;
  `,
  },
  getUniforms: (opts?: MaskFilterModuleProps) => (opts?.masks ? { masks: Uint32Array.from(opts.masks, (x) => x >>> 0) } : {}),
  uniformTypes: { masks: 'vec4<u32>' },
} as unknown as ShaderModule<MaskFilterModuleProps>;

const NO_FILTER: readonly number[] = [0, 0, 0, 0];

const defaultProps = {
  getMaskValues: { type: 'accessor', value: [0, 0, 0] },
  getMaskSearch: { type: 'accessor', value: 1 },
  maskFilterValue: { type: 'array', value: NO_FILTER, compare: true },
};

/** Attribute recomputations per attribute name, for the browser tests (test builds only). */
function countUpdate(name: string): void {
  if (!TEST_HOOKS) return;
  const w = window as unknown as { __sgmMaskUpdates?: Record<string, number> };
  const r = (w.__sgmMaskUpdates ??= {});
  r[name] = (r[name] ?? 0) + 1;
}

export class MaskFilterExtension extends LayerExtension {
  static override defaultProps = defaultProps;
  static override extensionName = 'MaskFilterExtension';

  override getShaders(this: Layer<MaskFilterExtensionProps>): { modules: ShaderModule[] } {
    return { modules: [maskFilterModule as ShaderModule] };
  }

  override initializeState(this: Layer<MaskFilterExtensionProps>): void {
    this.getAttributeManager()?.add({
      maskValues: { size: 3, type: 'uint32', stepMode: 'dynamic', accessor: 'getMaskValues' },
      maskSearch: { size: 1, type: 'uint32', stepMode: 'dynamic', accessor: 'getMaskSearch' },
    });
  }

  override updateState(this: Layer<MaskFilterExtensionProps>, _params: UpdateParameters<Layer<MaskFilterExtensionProps>>): void {
    if (!TEST_HOOKS) return;
    const attributes = this.getAttributeManager()?.attributes;
    for (const name of ['maskValues', 'maskSearch']) if (attributes?.[name]?.needsUpdate()) countUpdate(name);
  }

  override draw(this: Layer<MaskFilterExtensionProps>): void {
    this.setShaderModuleProps({ maskFilter: { masks: this.props.maskFilterValue ?? NO_FILTER } });
  }
}
