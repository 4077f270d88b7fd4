import { ARTIFACT_TYPES, loadFrameworkCatalog, type Control, type Framework, type FrameworkCatalog } from '../evidence/frameworks/index.js';
import { NotFoundError } from './errors.js';

export function findFramework(id: string, catalog: FrameworkCatalog = loadFrameworkCatalog()): Framework {
  const framework = catalog.frameworks.find((f) => f.id === id);
  if (!framework) throw new NotFoundError(`No framework "${id}"; known frameworks: ${catalog.frameworks.map((f) => f.id).join(', ')}`);
  return framework;
}

export function findControl(framework: Framework, id: string): Control {
  const control = framework.controls.find((c) => c.id === id);
  if (!control) throw new NotFoundError(`No control "${id}" in ${framework.name}; see the framework's list of controls`);
  return control;
}

/** The artifact types that evidence any of these controls, in catalog order. */
export function typesOfControls(controls: readonly Control[]): string[] {
  const found = new Set<string>();
  for (const control of controls) for (const action of control.actions) for (const mapping of action.artifacts) found.add(mapping.type);
  return ARTIFACT_TYPES.filter((t) => found.has(t));
}
