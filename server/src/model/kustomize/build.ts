import { writeAnnotationsAsStrings } from './annotationStrings';
import { KustomizeError, locationOf, MissingTargetError, type KustomizeNotice } from './errors';
import type { KustomizeFileSystem } from './fileSystem';
import { BUILTIN_GENERATORS, BUILTIN_TRANSFORMERS, KUSTOMIZE_BUILTIN_KINDS } from './builtins';
import { readCrdConfig } from './crdConfig';
import { defaultTransformerConfig, fieldSpecsFrom, mergeSpecs, mergeTransformerConfigs, readTransformerConfig } from './transformerConfig';
import type { DocumentCache } from './documentCache';
import { utf8Bytes } from './encoding';
import { withGlobalOptions } from './generatorOptions';
import { addHashSuffixes } from './hashTransformer';
import { kustomizationFileIn, listField, mapField, readKustomization, stringListField, type Kustomization } from './kustomization';
import { fixNameReferences } from './nameReference';
import { hasOrigin, ORIGIN_ANNOTATION, pluginOrigin, recordTransformer, removeAnnotation, setOrigin, TRANSFORMATIONS_ANNOTATION, type BuildOrigin } from './originAnnotations';
import { basenameOf, isWithin, joinPath } from './paths';
import { readOpenApiSchema, type PatchSchema } from './patchSchema';
import type { PluginContext, Transformer, TransformerConfig } from './plugins';
import { describeId, idOf, makeResource, type Resource } from './resource';
import { ResourceList } from './resourceList';
import { sortResources } from './sortOrder';
import { isKMap, isKScalar, isKSeq, fromPlain, map, mapAt, nodeAt, parseDocuments, scalar, scalarText, stringAt, type KMap, type KNode, type Origin } from './tree';
import { bindVars, resolveVars, type VarDeclaration } from './vars';

/** The label `buildMetadata: [managedByLabel]` adds (kustomize's konfig.ManagedbyLabelKey). */
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/**
 * The kustomize version the managed-by label names. kustomize writes its own build version there; the upstream tests
 * this renderer follows (api/krusty/managedbylabel_test.go at the conformance commit) pin the version kustomize's
 * Makefile builds its tests with.
 */
const KUSTOMIZE_VERSION = 'v444.333.222';

/** The Kubernetes OpenAPI versions kyaml builds in (kubernetesapi.OpenAPIMustAsset), as `openapi: {version}` names them without dots. */
const BUILTIN_OPENAPI_VERSIONS: readonly string[] = ['v1212'];

/** What `kustomize build` of one folder gives: its objects in output order, or why it fails. */
export interface RenderResult {
  readonly resources: readonly Resource[];
  readonly error?: KustomizeError;
  readonly notices: readonly KustomizeNotice[];
  /** Every file and folder the build read or looked for, the kustomizations included: what an edit must re-render. */
  readonly inputs: ReadonlySet<string>;
  /** What the build went on without (remote resources, Helm charts, plugin generators), as the notices name them. */
  readonly leftOut: readonly string[];
  /** How many times each file was read as resources. */
  readonly resourceFiles: ReadonlyMap<string, number>;
  /**
   * Whether a step reads across objects beyond name references (replacements, vars, a generator merging into an
   * object, custom transformers or generators): then one file's objects cannot be rendered again on their own.
   */
  readonly crossObject: boolean;
}

/**
 * Of a build rendered before, the one resource file to render again, and the build's other objects as they were
 * rendered (light stand-ins: ids, earlier ids, affixes), which its name references are resolved against.
 */
export interface PartialRender {
  readonly file: string;
  /** Every object as last rendered, reduced to its ids (those of `file` are left out). */
  readonly standIns: readonly Resource[];
  /** The build's resource files, as the full render read them. */
  readonly resourceFiles: ReadonlyMap<string, number>;
}

/**
 * Renders the kustomization in `directory` as `kustomize build` (v5) does: resources, components, generators,
 * transformers, hash suffixes, name references and vars, in kustomize's order. Never runs a program: plugins,
 * KRM functions, Helm charts and remote resources are left out with a notice. Never throws.
 */
export function renderKustomization(directory: string, files: KustomizeFileSystem, cache?: DocumentCache, partial?: PartialRender): RenderResult {
  const build = new Build(files, directory, cache, partial);
  const done = (fields: { resources: readonly Resource[]; error?: KustomizeError }): RenderResult => ({
    ...fields,
    notices: build.notices,
    inputs: build.inputs,
    leftOut: build.leftOut,
    resourceFiles: build.resourceFiles,
    crossObject: build.crossObject,
  });
  try {
    const accumulated = build.accumulateTarget(directory, undefined, [], '');
    const list = accumulated.resources;
    addHashSuffixes(list);
    fixNameReferences(list, accumulated.config, partial && { resources: partial.standIns, renderedAgain: partial.file });
    resolveVars(list, accumulated.vars, accumulated.config);
    list.filter((resource) => stringAt(resource.node, 'metadata', 'annotations', 'config.kubernetes.io/local-config') !== 'true');
    build.addManagedByLabel(list);
    build.removeUnaskedBuildMetadata(list);
    for (const resource of list.resources) writeAnnotationsAsStrings(resource.node);
    return done({ resources: sortResources(list.resources, accumulated.sortOptions) });
  } catch (error) {
    const failure = error instanceof KustomizeError ? error : new KustomizeError(`kustomize build failed: ${error instanceof Error ? error.message : String(error)}`);
    return done({ resources: [], error: failure });
  }
}

/** A kustomization being accumulated, with its folder as the build's origins name it (kustomize's KustTarget). */
interface Target {
  readonly kustomization: Kustomization;
  readonly originPath: string;
}

/** What a kustomization and everything under it contribute: kustomize's ResAccumulator. */
interface Accumulated {
  readonly resources: ResourceList;
  config: TransformerConfig;
  readonly vars: VarDeclaration[];
  sortOptions?: KMap;
}

class Build {
  readonly notices: KustomizeNotice[] = [];
  readonly inputs = new Set<string>();
  /** What the build went on without (a remote resource, a Helm chart, a plugin): targets may be missing because of it. */
  readonly leftOut: string[] = [];
  /** The schema of `openapi:` (kyaml keeps one for the build: the root's, else the first kustomization's that sets one). */
  private openApiSchema: PatchSchema | undefined;
  private openApiChosen = false;
  /** The root's `buildMetadata` (kustomize gives it to every kustomization of the build) and where it is written. */
  private buildMetadata: readonly string[] = [];
  private buildMetadataOrigin: Origin | undefined;
  readonly resourceFiles = new Map<string, number>();
  crossObject = false;

  constructor(
    private readonly files: KustomizeFileSystem,
    private readonly root: string,
    private readonly cache?: DocumentCache,
    /** Set when only one file's objects are rendered again (see PartialRender). */
    private readonly partial?: PartialRender,
  ) {}

  readText(path: string): string | undefined {
    this.inputs.add(path);
    return this.files.readText(path);
  }

  /** A YAML file's documents: from the cache when the build has one (fresh trees either way). */
  private parse(path: string, text: string): ReturnType<typeof parseDocuments> {
    return this.cache ? this.cache.parse(path, text) : parseDocuments(path, text);
  }

  private isDirectory(path: string): boolean {
    this.inputs.add(path);
    return this.files.isDirectory(path);
  }

  notice(message: string, origin?: Origin): void {
    const location = locationOf(origin);
    this.notices.push(location ? { message, location } : { message });
  }

  /**
   * Accumulates the kustomization in `directory` (kustomize's accumulateTarget). A Component is accumulated into
   * its parent's resources (`into`); a Kustomization into its own, which the parent then appends. `originPath` is
   * the folder as the entries that led here name it from the root (kustomize's origin path: `../base`).
   */
  accumulateTarget(directory: string, into: Accumulated | undefined, stack: readonly string[], originPath: string): Accumulated {
    if (stack.includes(directory)) {
      throw new KustomizeError(`cycle detected: candidate root '${directory}' contains visited root '${stack[stack.length - 1]}'`, { file: directory });
    }
    const visiting = [...stack, directory];
    const kustomization = this.load(directory);
    if (readsAcrossObjects(kustomization)) this.crossObject = true;
    this.chooseOpenApi(kustomization, stack.length === 0);
    if (stack.length === 0) {
      const buildMetadata = kustomization.fields.entries.get('buildMetadata');
      this.buildMetadata = listField(kustomization, 'buildMetadata').map((entry) => scalarText(entry) ?? '');
      this.buildMetadataOrigin = buildMetadata?.origin;
    }
    const target: Target = { kustomization, originPath };
    const accumulated: Accumulated = into ?? { resources: new ResourceList(), config: defaultTransformerConfig(), vars: [] };
    const context = this.contextOf(kustomization, () => accumulated.config);

    const resources = [...stringListField(kustomization, 'resources'), ...stringListField(kustomization, 'bases')];
    for (const entry of resources) this.accumulateResource(entry.value, entry.origin, target, accumulated, visiting);

    for (const entry of stringListField(kustomization, 'configurations')) {
      // An entry with a line break is the configuration itself, as kustomize reads it.
      const inline = /[\n\r]/.test(entry.value);
      const text = inline ? entry.value : context.loadFile(entry.value, entry.origin);
      accumulated.config = mergeTransformerConfigs(accumulated.config, readTransformerConfig(text, inline ? kustomization.file : joinPath(directory, entry.value), entry.origin));
    }
    for (const entry of stringListField(kustomization, 'crds')) {
      const crdConfig = readCrdConfig(context.loadFile(entry.value, entry.origin), entry.value, locationOf(entry.origin) ?? { file: kustomization.file });
      accumulated.config = mergeTransformerConfigs(accumulated.config, crdConfig);
    }
    for (const entry of stringListField(kustomization, 'components')) {
      const path = joinPath(directory, entry.value);
      if (!this.isDirectory(path)) throw new KustomizeError(`component ${entry.value} must be a folder with a kustomization of kind Component`, locationOf(entry.origin) ?? { file: kustomization.file });
      const component = this.load(path);
      if (component.kind !== 'Component') throw new KustomizeError(`expected kind 'Component' for path '${path}' but got '${component.kind}'`, locationOf(entry.origin) ?? { file: kustomization.file });
      this.accumulateTarget(path, accumulated, visiting, joinPath(originPath, entry.value));
    }
    this.runGenerators(target, accumulated, context);
    this.runTransformers(target, accumulated, context);
    for (const validator of listField(kustomization, 'validators')) this.notice('validators are plugins: not run', validator.origin);
    const declarations = listField(kustomization, 'vars').map((declaration): VarDeclaration => {
      if (!isKMap(declaration)) throw new KustomizeError('each var must be a mapping', locationOf(declaration.origin) ?? { file: kustomization.file });
      return { name: stringAt(declaration, 'name') ?? '', node: declaration, file: kustomization.file };
    });
    bindVars(accumulated.resources, declarations);
    for (const declaration of declarations) {
      if (accumulated.vars.some((existing) => existing.name === declaration.name)) throw new KustomizeError(`var '${declaration.name}' already encountered`, locationOf(declaration.node.origin) ?? { file: kustomization.file });
      accumulated.vars.push(declaration);
    }
    const sortOptions = mapField(kustomization, 'sortOptions');
    if (sortOptions) accumulated.sortOptions = sortOptions;
    return accumulated;
  }

  /** kyaml's openapi.SetSchema: the root's `openapi:` always; another kustomization's only while none is chosen. */
  private chooseOpenApi(kustomization: Kustomization, root: boolean): void {
    if (this.openApiChosen && !root) return;
    const openapi = mapField(kustomization, 'openapi');
    const path = stringAt(openapi, 'path');
    const version = stringAt(openapi, 'version');
    const where = locationOf(openapi?.origin) ?? { file: kustomization.file };
    if (path !== undefined && version !== undefined) throw new KustomizeError('builtin version and custom schema provided, cannot use both', where);
    if (path === undefined) {
      if (version && !BUILTIN_OPENAPI_VERSIONS.includes(version.replace(/\./g, ''))) throw new KustomizeError(`the specified OpenAPI version ${version} is not built in`, where);
      this.openApiChosen = version !== undefined && version !== '';
      return;
    }
    const file = joinPath(kustomization.directory, path);
    const text = this.readText(file);
    if (text === undefined) throw new KustomizeError(`open ${file}: no such file or directory`, where);
    this.openApiSchema = readOpenApiSchema(file, text, where);
    this.openApiChosen = true;
  }

  private load(directory: string): Kustomization {
    // kustomize's loader confirms the root is a folder before looking for a kustomization in it.
    if (directory === this.root && !this.isDirectory(directory) && this.readText(directory) === undefined) throw new KustomizeError(`'${directory}' doesn't exist`, { file: directory });
    const file = kustomizationFileIn(directory, { readText: (path) => this.readText(path), isDirectory: (path) => this.isDirectory(path) });
    if (file) this.inputs.add(file);
    return readKustomization(directory, { readText: (path) => this.readText(path), isDirectory: (path) => this.isDirectory(path) }, (path, text) => this.parse(path, text));
  }

  private accumulateResource(entry: string, origin: Origin | undefined, target: Target, accumulated: Accumulated, stack: readonly string[]): void {
    const kustomization = target.kustomization;
    if (/^(https?:\/\/|git@|github\.com\/|ssh:\/\/|git::)/.test(entry) || /\?ref=|\.git(\/|$)/.test(entry)) {
      this.notice(`${entry} is a remote resource: Kubetrace does not fetch it, and the build goes on without it`, origin);
      this.leftOut.push(entry);
      return;
    }
    const path = joinPath(kustomization.directory, entry);
    const where = locationOf(origin) ?? { file: kustomization.file };
    // Rendering one file's objects again: another resource file (known from the full render) is a stand-in, not read.
    if (this.partial && path !== this.partial.file && this.partial.resourceFiles.has(path)) return;
    if (this.isDirectory(path)) {
      const inner = this.load(path);
      if (inner.kind === 'Component') throw new KustomizeError(`expected kind 'Kustomization' for path '${path}' but got 'Component'`, where);
      const sub = this.accumulateTarget(path, undefined, stack, joinPath(target.originPath, entry));
      for (const resource of sub.resources.resources) this.appendUnique(accumulated, resource, where);
      accumulated.config = mergeTransformerConfigs(accumulated.config, sub.config);
      for (const declaration of sub.vars) {
        if (accumulated.vars.some((existing) => existing.name === declaration.name)) throw new KustomizeError(`var '${declaration.name}' already encountered`, where);
        accumulated.vars.push(declaration);
      }
      return;
    }
    // Rendering one file's objects again: the other files' objects are the stand-ins.
    if (this.partial && path !== this.partial.file) return;
    this.resourceFiles.set(path, (this.resourceFiles.get(path) ?? 0) + 1);
    const text = this.readText(path);
    if (text === undefined) throw new KustomizeError(`accumulating resources: '${path}' is neither a file nor a folder (${entry} in ${basenameOf(kustomization.file)})`, where);
    if (!isWithin(path, kustomization.directory)) {
      throw new KustomizeError(`security; file '${path}' is not in or below '${kustomization.directory}'`, where);
    }
    for (const resource of this.readResources(path, text)) {
      this.annotateFileOrigin(resource, joinPath(target.originPath, entry));
      this.appendUnique(accumulated, resource, where);
    }
  }

  /** Origins are tracked when the root kustomization has any `buildMetadata` (kustomize's KustTarget.origin). */
  private get tracksOrigins(): boolean {
    return this.buildMetadata.length > 0;
  }

  /** kustomize's accumulateFile: an object read from a file has that file as its origin, when origins are tracked. */
  private annotateFileOrigin(resource: Resource, path: string): void {
    if (this.tracksOrigins) setOrigin(resource, { path }, this.buildMetadataOrigin);
  }

  /** The origin of a builtin generator or transformer a kustomization field configures. */
  private builtinOrigin(target: Target, kind: string): BuildOrigin | undefined {
    if (!this.tracksOrigins) return undefined;
    return { configuredIn: joinPath(target.originPath, basenameOf(target.kustomization.file)), configuredBy: { apiVersion: 'builtin', kind } };
  }

  /** kustomize's end of build: origin and transformer annotations stay only where the root's buildMetadata asks. */
  /** `buildMetadata: [managedByLabel]`: every object gets kustomize's managed-by label (kustomizer.go, after the build). */
  addManagedByLabel(list: ResourceList): void {
    if (!this.buildMetadata.includes('managedByLabel')) return;
    for (const resource of list.resources) {
      if (!isKMap(resource.node)) continue;
      const labels = mapAt(resource.node, ['metadata', 'labels'], this.buildMetadataOrigin);
      labels?.entries.set(MANAGED_BY_LABEL, scalar(`kustomize-${KUSTOMIZE_VERSION}`, this.buildMetadataOrigin));
    }
  }

  removeUnaskedBuildMetadata(list: ResourceList): void {
    for (const [option, key] of [['originAnnotations', ORIGIN_ANNOTATION], ['transformerAnnotations', TRANSFORMATIONS_ANNOTATION]] as const) {
      if (!this.buildMetadata.includes(option)) for (const resource of list.resources) removeAnnotation(resource, key);
    }
  }

  private appendUnique(accumulated: Accumulated, resource: Resource, where: { file: string }): void {
    try {
      accumulated.resources.append(resource);
    } catch (error) {
      if (error instanceof KustomizeError && !error.location) throw new KustomizeError(error.message, where);
      throw error;
    }
  }

  /** The objects of one YAML file: each document, the items of a List, empty documents skipped. */
  readResources(path: string, text: string): Resource[] {
    const { documents, errors } = this.parse(path, text);
    if (errors.length > 0) throw new KustomizeError(`YAML syntax error: ${errors[0]!.message}`, { file: path, range: errors[0]!.range });
    const resources: Resource[] = [];
    const add = (node: KNode): void => {
      if (isKScalar(node) && node.value === null) return;
      if (!isKMap(node)) throw new KustomizeError(`${path}: a document must be a mapping (an object)`, locationOf(node.origin) ?? { file: path });
      if (node.entries.size === 0) return;
      const kind = stringAt(node, 'kind');
      const items = node.entries.get('items');
      // As kustomize's inlineAnyEmbeddedLists: a FooList's items are the objects; a FooList without items is no
      // collection but an object of its own.
      if (kind !== undefined && kind.endsWith('List') && items !== undefined) {
        if (isKSeq(items)) items.items.forEach(add);
        else if (!(isKScalar(items) && items.value === null)) throw new KustomizeError(`expected array in ${kind}/items`, locationOf(items.origin) ?? { file: path });
        return;
      }
      if (kind === undefined) throw new KustomizeError(`missing kind in object ${JSON.stringify(stringAt(node, 'metadata', 'name') ?? '')} of ${path}`, locationOf(node.origin) ?? { file: path });
      const namespace = node.entries.get('metadata') && isKMap(node.entries.get('metadata')) ? (node.entries.get('metadata') as KMap).entries.get('namespace') : undefined;
      if (isKScalar(namespace) && namespace.value === '') throw new KustomizeError(`Invalid Input: namespace is blank for resource ${describeId({ ...idOf(makeResource(node, path)), namespace: '' })}`, locationOf(namespace.origin) ?? { file: path });
      resources.push(makeResource(node, path));
    };
    for (const document of documents) {
      // kustomize reads the object, but cannot print it (yaml.v3: mapping key already defined).
      const duplicate = document.duplicateKeys[0];
      if (duplicate) throw new KustomizeError(`${path}: mapping key "${duplicate.key}" already defined`, { file: path, range: duplicate.range });
      if (document.node) add(document.node);
    }
    return resources;
  }

  private readBytes(path: string): Uint8Array | undefined {
    this.inputs.add(path);
    if (this.files.readBytes) return this.files.readBytes(path);
    const text = this.files.readText(path);
    return text === undefined ? undefined : utf8Bytes(text);
  }

  private contextOf(kustomization: Kustomization, config: () => TransformerConfig): PluginContext {
    const openApiSchema = (): PatchSchema | undefined => this.openApiSchema;
    /** Reads a file named in the kustomization: relative to its folder, and only inside it (kustomize's load restrictions). */
    const load = <T>(path: string, origin: Origin | undefined, read: (full: string) => T | undefined): T => {
      const full = joinPath(kustomization.directory, path);
      const where = locationOf(origin) ?? { file: kustomization.file };
      if (!isWithin(full, kustomization.directory)) throw new KustomizeError(`security; file '${full}' is not in or below '${kustomization.directory}'`, where);
      const content = read(full);
      if (content === undefined) throw new KustomizeError(`open ${full}: no such file or directory`, where);
      return content;
    };
    return {
      get openApiSchema() {
        return openApiSchema();
      },
      files: this.files,
      directory: kustomization.directory,
      kustomizationFile: kustomization.file,
      partial: this.partial !== undefined,
      get config() {
        return config();
      },
      loadFile: (path, origin) => load(path, origin, (full) => this.readText(full)),
      loadBytes: (path, origin) => load(path, origin, (full) => this.readBytes(full)),
      notice: (message, origin) => this.notice(message, origin),
    };
  }

  private runGenerators(target: Target, accumulated: Accumulated, context: PluginContext): void {
    // What generators make is among the stand-ins of a partial render.
    if (this.partial) return;
    const kustomization = target.kustomization;
    const globalOptions = mapField(kustomization, 'generatorOptions');
    const generated: [Resource, BuildOrigin | undefined][] = [];
    const add = (resources: readonly Resource[], origin: BuildOrigin | undefined): void => {
      for (const resource of resources) generated.push([resource, origin]);
    };
    for (const [field, kind] of [['configMapGenerator', 'ConfigMapGenerator'], ['secretGenerator', 'SecretGenerator']] as const) {
      for (const entry of listField(kustomization, field)) {
        if (!isKMap(entry)) throw new KustomizeError(`each entry of ${field} must be a mapping`, locationOf(entry.origin) ?? { file: kustomization.file });
        add(BUILTIN_GENERATORS[kind]!(withGlobalOptions(entry, globalOptions), context), this.builtinOrigin(target, kind));
      }
    }
    for (const field of ['helmCharts', 'helmChartInflationGenerator'] as const) {
      for (const chart of listField(kustomization, field)) {
        this.notice(`Helm chart ${stringAt(chart, 'name') ?? ''} is not inflated: Kubetrace does not run helm; the build goes on without its objects`, chart.origin);
        this.leftOut.push(`Helm chart ${stringAt(chart, 'name') ?? ''}`);
      }
    }
    for (const config of this.pluginConfigs(target, 'generators', context)) {
      assertLoadableBuiltin(config);
      const generator = BUILTIN_GENERATORS[stringAt(config, 'kind') ?? ''];
      if (isBuiltin(config)) requireBuiltin(config, BUILTIN_GENERATORS, 'generator', target);
      if (generator && isBuiltin(config)) add(generator(config, context), pluginOrigin(config));
      else {
        this.notice(`generator ${stringAt(config, 'kind') ?? '(no kind)'} is a plugin or KRM function: Kubetrace does not run it; the build goes on without its objects`, config.origin);
        this.leftOut.push(`generator ${stringAt(config, 'kind') ?? ''}`);
      }
    }
    for (const [resource, origin] of generated) {
      // kustomize's AddOriginAnnotation: the generator is the origin of what it made (unless it says another).
      if (origin && !hasOrigin(resource)) setOrigin(resource, origin, this.buildMetadataOrigin);
      absorb(accumulated.resources, resource);
    }
  }

  private runTransformers(target: Target, accumulated: Accumulated, context: PluginContext): void {
    for (const [kind, config] of builtinTransformerConfigs(target.kustomization, accumulated.config)) {
      this.transform(BUILTIN_TRANSFORMERS[kind]!, accumulated, config, context, this.builtinOrigin(target, kind));
    }
    for (const config of this.pluginConfigs(target, 'transformers', context)) {
      assertLoadableBuiltin(config);
      const transformer = BUILTIN_TRANSFORMERS[stringAt(config, 'kind') ?? ''];
      if (isBuiltin(config)) requireBuiltin(config, BUILTIN_TRANSFORMERS, 'transformer', target);
      if (transformer && isBuiltin(config)) this.transform(transformer, accumulated, config, context, pluginOrigin(config));
      else this.notice(`transformer ${stringAt(config, 'kind') ?? '(no kind)'} is a plugin or KRM function: Kubetrace does not run it; the build goes on without it`, config.origin);
    }
  }

  /**
   * Runs one transformer, then records it on every object when origins are tracked (kustomize's multiTransformer);
   * a target missing where the build left something out skips it, with a notice.
   */
  private transform(transformer: Transformer, accumulated: Accumulated, config: KMap, context: PluginContext, origin: BuildOrigin | undefined): void {
    try {
      transformer(accumulated.resources, config, context);
      if (origin) recordTransformer(accumulated.resources, origin, this.buildMetadataOrigin);
    } catch (error) {
      // A partial render holds one file's objects: a target in another file is not missing.
      if (error instanceof MissingTargetError && this.partial) {
        if (origin) recordTransformer(accumulated.resources, origin, this.buildMetadataOrigin);
        return;
      }
      if (!(error instanceof MissingTargetError) || this.leftOut.length === 0) throw error;
      this.notice(`${error.message}: skipped, since the target may be in what the build goes without (${this.leftOut.join(', ')})`, config.origin);
    }
  }

  /** The configurations listed under `generators:` or `transformers:`: files, inline YAML, or kustomization folders. */
  private pluginConfigs(target: Target, field: string, context: PluginContext): KMap[] {
    const kustomization = target.kustomization;
    const configs: KMap[] = [];
    for (const entry of listField(kustomization, field)) {
      const text = scalarText(entry);
      if (text === undefined) throw new KustomizeError(`each entry of ${field} must be a path or inline YAML`, locationOf(entry.origin) ?? { file: kustomization.file });
      if (text.includes('\n') || /^\s*(apiVersion|kind)\s*:/m.test(text)) {
        const { documents, errors } = parseDocuments(kustomization.file, text);
        if (errors.length > 0) throw new KustomizeError(`${field}: YAML syntax error: ${errors[0]!.message}`, locationOf(entry.origin) ?? { file: kustomization.file });
        for (const document of documents) {
          if (!isKMap(document.node)) continue;
          const config = relocate(document.node, entry.origin);
          // kustomize tracks an inline configuration as written in the kustomization file.
          this.annotateFileOrigin(makeResource(config, kustomization.file), joinPath(target.originPath, basenameOf(kustomization.file)));
          configs.push(config);
        }
        continue;
      }
      const path = joinPath(kustomization.directory, text);
      if (this.isDirectory(path)) {
        const sub = this.accumulateTarget(path, undefined, [kustomization.directory], joinPath(target.originPath, text));
        configs.push(...sub.resources.resources.map((resource) => resource.node));
        continue;
      }
      const source = context.loadFile(text, entry.origin);
      for (const resource of this.readResources(path, source)) {
        this.annotateFileOrigin(resource, joinPath(target.originPath, text));
        configs.push(resource.node);
      }
    }
    return configs;
  }
}

/**
 * A builtin of the other sort (a SecretGenerator under `transformers:`) fails as kustomize's plugin loader fails it:
 * the plugin is made, but is not a transformer (or not a generator).
 */
function requireBuiltin(config: KMap, registry: Readonly<Record<string, unknown>>, role: 'generator' | 'transformer', target: Target): void {
  const kind = stringAt(config, 'kind') ?? '';
  if (registry[kind] || !(BUILTIN_GENERATORS[kind] || BUILTIN_TRANSFORMERS[kind])) return;
  const id = describeId(idOf(makeResource(config, target.kustomization.file)));
  throw new KustomizeError(`plugin ${id} not a ${role}`, locationOf(config.origin) ?? { file: target.kustomization.file });
}

/** Whether a kustomization has a step that reads across objects beyond name references (see RenderResult.crossObject). */
function readsAcrossObjects(kustomization: Kustomization): boolean {
  const fields = kustomization.fields.entries;
  if (['replacements', 'vars', 'transformers', 'generators', 'validators', 'helmCharts', 'helmChartInflationGenerator'].some((field) => fields.has(field))) return true;
  return ['configMapGenerator', 'secretGenerator'].some((field) => listField(kustomization, field).some((entry) => ['merge', 'replace'].includes(stringAt(entry, 'behavior') ?? '')));
}

function isBuiltin(config: KMap): boolean {
  const apiVersion = stringAt(config, 'apiVersion') ?? '';
  return apiVersion === 'builtin' || apiVersion === '' || apiVersion.startsWith('builtin/');
}

/** kustomize's plugin loader fails on an `apiVersion: builtin` configuration of a kind it has no factory for. */
function assertLoadableBuiltin(config: KMap): void {
  const kind = stringAt(config, 'kind') ?? '';
  if (stringAt(config, 'apiVersion') !== 'builtin' || KUSTOMIZE_BUILTIN_KINDS.has(kind)) return;
  throw new KustomizeError(`unable to load builtin ${kind}.[noVer].builtin`, locationOf(config.origin));
}

/** An inline configuration's nodes carry the range of the whole string in the kustomization. */
function relocate(node: KMap, origin: Origin | undefined): KMap {
  if (!origin) return node;
  const visit = (current: KNode): void => {
    current.origin = origin;
    if (isKMap(current)) current.entries.forEach(visit);
    else if (isKSeq(current)) current.items.forEach(visit);
  };
  visit(node);
  return node;
}

/**
 * Adds a generated ConfigMap or Secret as kustomize's appendReplaceOrMerge: a new one is added; one of a name
 * already here merges into it or replaces it, as its `behavior` says.
 */
function absorb(list: ResourceList, resource: Resource): void {
  const id = idOf(resource);
  const matches = list.byAnyId(id);
  const behavior = resource.generated?.behavior ?? 'create';
  if (matches.length === 0) {
    if (behavior !== 'create') throw new KustomizeError(`id ${describeId(id)} does not exist; cannot merge or replace`);
    list.append(resource);
    return;
  }
  if (matches.length > 1) throw new KustomizeError(`found multiple objects that could accept merge of ${describeId(id)}`);
  const old = matches[0]!;
  if (behavior === 'create') throw new KustomizeError(`id ${describeId(id)} exists; behavior must be merge or replace`);
  const oldOrigin = nodeAt(old.node, 'metadata', 'annotations', ORIGIN_ANNOTATION);
  mergeGeneratedInto(resource, old, behavior === 'merge');
  // A merge keeps the origin of the object merged into, as kustomize's appendReplaceOrMerge restores it.
  if (behavior === 'merge' && oldOrigin) mapAt(resource.node, ['metadata', 'annotations'])?.entries.set(ORIGIN_ANNOTATION, oldOrigin);
  list.replaceAt(list.indexOf(old), resource);
}

/** The new object takes the old one's name, namespace, labels and annotations (and with merge, its data first). */
function mergeGeneratedInto(resource: Resource, old: Resource, mergeData: boolean): void {
  for (const field of ['labels', 'annotations']) {
    const merged = map();
    const oldMap = mapAt(old.node, ['metadata', field]);
    const newMap = mapAt(resource.node, ['metadata', field]);
    for (const [key, value] of oldMap?.entries ?? []) merged.entries.set(key, value);
    for (const [key, value] of newMap?.entries ?? []) merged.entries.set(key, value);
    const metadata = mapAt(resource.node, ['metadata'])!;
    if (merged.entries.size > 0) metadata.entries.set(field, merged);
    else metadata.entries.delete(field);
  }
  const oldMetadata = mapAt(old.node, ['metadata'])!;
  const metadata = mapAt(resource.node, ['metadata'])!;
  for (const field of ['name', 'namespace']) {
    const value = oldMetadata.entries.get(field);
    if (value) metadata.entries.set(field, value);
    else metadata.entries.delete(field);
  }
  resource.previousIds.splice(0, resource.previousIds.length, ...old.previousIds);
  resource.prefixes.splice(0, resource.prefixes.length, ...old.prefixes);
  resource.suffixes.splice(0, resource.suffixes.length, ...old.suffixes);
  if (old.refVarNames) resource.refVarNames = [...old.refVarNames];
  if (!mergeData) return;
  for (const field of ['data', 'binaryData', 'stringData']) {
    const oldData = old.node.entries.get(field);
    if (!isKMap(oldData)) continue;
    const merged = map([...oldData.entries], oldData.origin);
    const newData = resource.node.entries.get(field);
    if (isKMap(newData)) for (const [key, value] of newData.entries) merged.entries.set(key, value);
    resource.node.entries.set(field, merged);
  }
}

/**
 * The builtin transformers a kustomization's fields configure, in kustomize's order (patchesStrategicMerge,
 * patches, namespace, prefix, suffix, labels, annotations, patchesJson6902, replicas, images, replacements).
 */
function builtinTransformerConfigs(kustomization: Kustomization, config: TransformerConfig): [string, KMap][] {
  const configs: [string, KMap][] = [];
  const fieldOf = (name: string): KNode | undefined => {
    const node = kustomization.fields.entries.get(name);
    return node === undefined || (isKScalar(node) && node.value === null) ? undefined : node;
  };
  const specs = (list: readonly unknown[], origin?: Origin): KNode => fromPlain(list, origin);
  const psm = fieldOf('patchesStrategicMerge');
  if (psm && !(isKSeq(psm) && psm.items.length === 0)) configs.push(['PatchStrategicMergeTransformer', map([['paths', psm]], psm.origin)]);
  for (const entry of listField(kustomization, 'patches')) configs.push(['PatchTransformer', asMap(entry, kustomization, 'patches')]);
  const namespace = fieldOf('namespace');
  if (namespace && scalarText(namespace) !== '') {
    configs.push(['NamespaceTransformer', map([
      ['metadata', map([['namespace', namespace]], namespace.origin)],
      ['fieldSpecs', specs(config.nameSpace, namespace.origin)],
      ['unsetOnly', scalar(false)],
      ['setRoleBindingSubjects', scalar('defaultOnly')],
    ], namespace.origin)]);
  }
  const prefix = fieldOf('namePrefix');
  if (prefix && scalarText(prefix)) configs.push(['PrefixTransformer', map([['prefix', prefix], ['fieldSpecs', specs(config.namePrefix, prefix.origin)]], prefix.origin)]);
  const suffix = fieldOf('nameSuffix');
  if (suffix && scalarText(suffix)) configs.push(['SuffixTransformer', map([['suffix', suffix], ['fieldSpecs', specs(config.nameSuffix, suffix.origin)]], suffix.origin)]);
  for (const entry of listField(kustomization, 'labels')) {
    const label = asMap(entry, kustomization, 'labels');
    const pairs = label.entries.get('pairs') ?? map([], label.origin);
    const custom = mergeSpecs(fieldSpecsFrom(label.entries.get('fields'), { file: kustomization.file }), config.labels);
    const includes = (flag: string): boolean => scalarText(label.entries.get(flag)) === 'true';
    // As kustomize: selectors bring the whole commonLabels table; otherwise metadata, and templates as asked.
    const fieldSpecs = includes('includeSelectors')
      ? mergeSpecs(custom, config.commonLabels)
      : mergeSpecs(mergeSpecs(mergeSpecs(custom, includes('includeTemplates') ? config.templateLabels : []), includes('includeVolumeClaimTemplates') ? config.volumeClaimTemplateLabels : []), [{ path: 'metadata/labels', create: true }]);
    configs.push(['LabelTransformer', map([['labels', pairs], ['fieldSpecs', specs(fieldSpecs, label.origin)]], label.origin)]);
  }
  // As kustomize: the `labels:` entries first, then commonLabels (configured, maybe empty, whenever either is set).
  const commonLabels = fieldOf('commonLabels');
  if (commonLabels || listField(kustomization, 'labels').length > 0) {
    const labels = commonLabels ?? map([], fieldOf('labels')?.origin);
    configs.push(['LabelTransformer', map([['labels', labels], ['fieldSpecs', specs(config.commonLabels, labels.origin)]], labels.origin)]);
  }
  const annotations = fieldOf('commonAnnotations');
  if (annotations && !(isKMap(annotations) && annotations.entries.size === 0)) configs.push(['AnnotationsTransformer', map([['annotations', annotations], ['fieldSpecs', specs(config.commonAnnotations, annotations.origin)]], annotations.origin)]);
  for (const entry of listField(kustomization, 'patchesJson6902')) configs.push(['PatchJson6902Transformer', asMap(entry, kustomization, 'patchesJson6902')]);
  for (const entry of listField(kustomization, 'replicas')) {
    configs.push(['ReplicaCountTransformer', map([['replica', asMap(entry, kustomization, 'replicas')], ['fieldSpecs', specs(config.replicas, entry.origin)]], entry.origin)]);
  }
  for (const entry of [...listField(kustomization, 'images'), ...listField(kustomization, 'imageTags')]) {
    configs.push(['ImageTagTransformer', map([['imageTag', asMap(entry, kustomization, 'images')], ['fieldSpecs', specs(config.images, entry.origin)]], entry.origin)]);
  }
  const replacements = fieldOf('replacements');
  if (replacements && !(isKSeq(replacements) && replacements.items.length === 0)) configs.push(['ReplacementTransformer', map([['replacements', replacements]], replacements.origin)]);
  return configs;
}

function asMap(node: KNode, kustomization: Kustomization, field: string): KMap {
  if (!isKMap(node)) throw new KustomizeError(`each entry of ${field} must be a mapping`, locationOf(node.origin) ?? { file: kustomization.file });
  return node;
}
