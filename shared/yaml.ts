// YAML, loaded on first use: js-yaml builds its schemas when its module is evaluated (about 8 ms,
// a tenth of a bare `node` start), and most runs of most actions read no YAML at all. ncc puts
// it in its own chunk, loaded by the first call here.

type JsYaml = typeof import('js-yaml');
let jsYaml: Promise<JsYaml> | undefined;

function library(): Promise<JsYaml> {
  jsYaml ??= import('js-yaml');
  return jsYaml;
}

/** One YAML document (js-yaml's default schema); throws js-yaml's error on bad YAML. */
export async function loadYaml(text: string): Promise<unknown> {
  return (await library()).load(text);
}

/** Every document of a multi-document YAML stream. */
export async function loadAllYaml(text: string): Promise<unknown[]> {
  return (await library()).loadAll(text);
}
