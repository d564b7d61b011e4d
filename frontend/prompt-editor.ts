/*
 * <prompt-editor>: the prompt template editor, CodeMirror 6 inside a Lit element.
 *
 * Server side: org.recprompt.base.ui.CodeEditor (a Vaadin field on the `value` property,
 * synchronised on `value-changed`). Properties set by the server:
 *   value        the text; the editor fires `value-changed` 300 ms after the last edit, on blur and
 *                before any Ctrl/Meta/Alt key combination leaves the editor (so Ctrl+S saves the
 *                latest text);
 *   readonly     no edits, the text can still be selected and copied;
 *   mode         'template' (the default: Mustache, block markers, YAML front matter) or 'yaml' (an
 *                experiment file: YAML highlighting by @codemirror/lang-yaml, completion from `schema`);
 *   completions  [{label, detail}]: template mode: variable names offered after {{, {{#, {{^ and {{/;
 *   schema       {keys: [{path, options: [{label, detail}]}], values: [...]}: yaml mode: the keys
 *                offered at each level and the values offered after a key, by path ('' the top
 *                level, 'backends[]' an item of the backends list, 'backends[].type' its type's
 *                values);
 *   problems     [{line, message, error}]: lint markers, line 1-based in the whole file.
 *
 * CodeMirror renders in this element's shadow root (`root: this.shadowRoot`): in the light DOM its
 * styles do not apply under Vaadin. Ctrl+S is not bound here, so the keydown bubbles out of the
 * shadow root to the workbench's Vaadin shortcut.
 *
 * Changing this file (or an @NpmPackage of CodeEditor) needs a new production bundle:
 * run frontend/build-bundle.sh and commit src/main/bundles/prod.bundle (docs/FRONTEND.md).
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { Annotation, Compartment, EditorState, RangeSetBuilder, type Text, Transaction } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  EditorView,
  ViewPlugin,
  type ViewUpdate,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  tooltips,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, type StringStream, syntaxHighlighting } from '@codemirror/language';
import {
  autocompletion,
  type Completion as CmCompletion,
  type CompletionContext,
  type CompletionResult,
  completionKeymap,
  completionStatus,
  startCompletion,
} from '@codemirror/autocomplete';
import { type Diagnostic, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Tag, tags } from '@lezer/highlight';
import { yaml } from '@codemirror/lang-yaml';

export interface Completion {
  label: string;
  detail?: string;
}

export interface Problem {
  line: number;
  message: string;
  error: boolean;
}

/** What yaml mode offers at one path. */
export interface SchemaEntry {
  path: string;
  options: Completion[];
}

/** What yaml mode completes: keys by the path of their level, values by the path of their key. */
export interface YamlSchema {
  keys?: SchemaEntry[];
  values?: SchemaEntry[];
}

function optionsAt(entries: SchemaEntry[] | undefined, path: string): Completion[] {
  return (entries ?? []).find((e) => e && e.path === path)?.options ?? [];
}

export type EditorMode = 'template' | 'yaml';

/* ---------- the template language: YAML front matter, block markers, Mustache ---------- */

const FRONT_MATTER_OPEN = /^---\s*$/;
const FRONT_MATTER_CLOSE = /^(---|\.\.\.)\s*$/;
const BLOCK_MARKER = /^\s*\[(system|user|assistant|user-side|item-side|step\s+[^\]\s][^\]]*)\]\s*$/;

const t = {
  rpBrace: Tag.define(tags.brace),
  rpVariable: Tag.define(tags.variableName),
  rpSectionBrace: Tag.define(tags.brace),
  rpSection: Tag.define(tags.keyword),
  rpComment: Tag.define(tags.comment),
  rpBlockMarker: Tag.define(tags.heading),
  rpFmDelimiter: Tag.define(tags.meta),
  rpYamlKey: Tag.define(tags.propertyName),
  rpYamlValue: Tag.define(tags.string),
  rpYamlAtom: Tag.define(tags.atom),
  rpYamlNumber: Tag.define(tags.number),
  rpYamlComment: Tag.define(tags.lineComment),
  rpYamlPunct: Tag.define(tags.punctuation),
};

/** Where the tokenizer is relative to the front matter. */
const FrontMatter = { Start: 0, Inside: 1, None: 2 } as const;
type FrontMatter = (typeof FrontMatter)[keyof typeof FrontMatter];

interface TemplateState {
  fm: FrontMatter;
  /** Inside a {{! comment }} that spans lines. */
  comment: boolean;
  /** Inside a tag: 'var', 'raw' ({{{ }}}) or 'section' ({{# / {{^ / {{/). */
  tag: null | 'var' | 'raw' | 'section';
  yamlValue: boolean;
}

function yamlToken(stream: StringStream, s: TemplateState): string | null {
  if (stream.sol()) {
    s.yamlValue = false;
  }
  if (stream.eatSpace()) {
    return null;
  }
  if (stream.match(/^#.*/)) {
    return 'rpYamlComment';
  }
  if (!s.yamlValue) {
    if (stream.match(/^-(?=\s|$)/)) {
      return 'rpYamlPunct';
    }
    if (stream.match(/^[^\s:#][^:#]*?(?=\s*:(\s|$))/)) {
      return 'rpYamlKey';
    }
  }
  if (stream.match(':')) {
    s.yamlValue = true;
    return 'rpYamlPunct';
  }
  if (stream.match(/^(true|false|null|yes|no|~)(?=\s*(#|$))/)) {
    return 'rpYamlAtom';
  }
  if (stream.match(/^-?\d+(\.\d+)?(?=\s*(#|$))/)) {
    return 'rpYamlNumber';
  }
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^']|'')*'?/)) {
    return 'rpYamlValue';
  }
  if (!stream.match(/^.+?(?=\s+#|$)/)) {
    stream.next();
  }
  return 'rpYamlValue';
}

function commentToken(stream: StringStream, s: TemplateState): string {
  if (stream.skipTo('}}')) {
    stream.match('}}');
    s.comment = false;
  } else {
    stream.skipToEnd();
  }
  return 'rpComment';
}

const templateLanguage = StreamLanguage.define<TemplateState>({
  name: 'recprompt-template',
  startState: () => ({ fm: FrontMatter.Start, comment: false, tag: null, yamlValue: false }),
  blankLine: (s) => {
    if (s.fm === FrontMatter.Start) {
      s.fm = FrontMatter.None;
    }
  },
  token(stream, s) {
    if (stream.sol()) {
      if (s.fm === FrontMatter.Start) {
        s.fm = FrontMatter.None;
        if (stream.match(FRONT_MATTER_OPEN)) {
          s.fm = FrontMatter.Inside;
          return 'rpFmDelimiter';
        }
      } else if (s.fm === FrontMatter.Inside && stream.match(FRONT_MATTER_CLOSE)) {
        s.fm = FrontMatter.None;
        return 'rpFmDelimiter';
      }
      if (s.fm !== FrontMatter.Inside && !s.comment && !s.tag && stream.match(BLOCK_MARKER)) {
        return 'rpBlockMarker';
      }
    }
    if (s.fm === FrontMatter.Inside) {
      return yamlToken(stream, s);
    }
    if (s.comment) {
      return commentToken(stream, s);
    }
    if (s.tag) {
      if (stream.eatSpace()) {
        return null;
      }
      const section = s.tag === 'section';
      if (stream.match(s.tag === 'raw' ? '}}}' : '}}')) {
        s.tag = null;
        return section ? 'rpSectionBrace' : 'rpBrace';
      }
      if (stream.match(/^[^\s}]+/)) {
        return section ? 'rpSection' : 'rpVariable';
      }
      stream.next();
      return section ? 'rpSectionBrace' : 'rpBrace';
    }
    if (stream.match('{{!')) {
      s.comment = true;
      return commentToken(stream, s);
    }
    if (stream.match('{{{')) {
      s.tag = 'raw';
      return 'rpBrace';
    }
    if (stream.match(/^\{\{\s*[#^/]/)) {
      s.tag = 'section';
      return 'rpSectionBrace';
    }
    if (stream.match(/^\{\{[&>]?/)) {
      s.tag = 'var';
      return 'rpBrace';
    }
    stream.next();
    if (!stream.skipTo('{{')) {
      stream.skipToEnd();
    }
    return null;
  },
  tokenTable: t,
});

const templateHighlight = HighlightStyle.define([
  { tag: t.rpBrace, color: '#7a3e9d' },
  { tag: t.rpVariable, color: '#1f5fbf', fontWeight: '600' },
  { tag: t.rpSectionBrace, color: '#a0522d' },
  { tag: t.rpSection, color: '#a0522d', fontWeight: '600' },
  { tag: t.rpComment, color: '#6a737d', fontStyle: 'italic' },
  { tag: t.rpBlockMarker, color: '#0b7a3b', fontWeight: '700' },
  { tag: t.rpFmDelimiter, color: '#8a8f98' },
  { tag: t.rpYamlKey, color: '#b35900' },
  { tag: t.rpYamlValue, color: '#24292e' },
  { tag: t.rpYamlAtom, color: '#6f42c1' },
  { tag: t.rpYamlNumber, color: '#005cc5' },
  { tag: t.rpYamlComment, color: '#6a737d', fontStyle: 'italic' },
  { tag: t.rpYamlPunct, color: '#8a8f98' },
]);

/** The last line of the front matter (its closing ---), 0 when there is none. */
function frontMatterEnd(doc: Text): number {
  if (doc.lines < 1 || !FRONT_MATTER_OPEN.test(doc.line(1).text)) {
    return 0;
  }
  for (let i = 2; i <= doc.lines; i++) {
    if (FRONT_MATTER_CLOSE.test(doc.line(i).text)) {
      return i;
    }
  }
  return doc.lines;
}

const frontMatterLine = Decoration.line({ class: 'cm-rp-front-matter' });
const blockMarkerLine = Decoration.line({ class: 'cm-rp-block-marker' });

/** Line backgrounds: the front matter, and the block marker lines that start each message. */
const blockLines = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    fmEnd: number;

    constructor(view: EditorView) {
      this.fmEnd = frontMatterEnd(view.state.doc);
      this.decorations = this.build(view);
    }

    update(u: ViewUpdate) {
      if (u.docChanged) {
        this.fmEnd = frontMatterEnd(u.state.doc);
      }
      if (u.docChanged || u.viewportChanged) {
        this.decorations = this.build(u.view);
      }
    }

    build(view: EditorView): DecorationSet {
      const builder = new RangeSetBuilder<Decoration>();
      const doc = view.state.doc;
      for (const { from, to } of view.visibleRanges) {
        for (let pos = from; pos <= to; ) {
          const line = doc.lineAt(pos);
          if (line.number <= this.fmEnd) {
            builder.add(line.from, line.from, frontMatterLine);
          } else if (BLOCK_MARKER.test(line.text)) {
            builder.add(line.from, line.from, blockMarkerLine);
          }
          pos = line.to + 1;
        }
      }
      return builder.finish();
    }
  },
  { decorations: (v) => v.decorations },
);

const lightTheme = EditorView.theme(
  {
    '&': {
      height: '100%',
      color: '#24292e',
      backgroundColor: 'var(--lumo-base-color, #fff)',
      fontSize: 'var(--lumo-font-size-s, 0.875rem)',
    },
    '&.cm-focused': { outline: 'none' },
    '.cm-scroller': {
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      lineHeight: '1.55',
      overflow: 'auto',
    },
    '.cm-content': { caretColor: '#1f5fbf' },
    '.cm-gutters': {
      backgroundColor: 'var(--lumo-contrast-5pct, #f5f6f7)',
      color: 'var(--lumo-secondary-text-color, #8a8f98)',
      borderRight: '1px solid var(--lumo-contrast-10pct, #e1e4e8)',
    },
    '.cm-activeLine': { backgroundColor: 'rgba(31, 95, 191, 0.05)' },
    '.cm-activeLineGutter': { backgroundColor: 'rgba(31, 95, 191, 0.10)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
      backgroundColor: 'rgba(31, 95, 191, 0.20)',
    },
    '.cm-rp-front-matter': { backgroundColor: 'rgba(179, 89, 0, 0.05)' },
    '.cm-rp-block-marker': {
      backgroundColor: 'rgba(11, 122, 59, 0.07)',
      borderTop: '1px solid rgba(11, 122, 59, 0.18)',
    },
    '.cm-tooltip': {
      border: '1px solid var(--lumo-contrast-20pct, #d0d4d9)',
      backgroundColor: 'var(--lumo-base-color, #fff)',
      boxShadow: '0 2px 8px rgba(0, 0, 0, 0.12)',
    },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
      backgroundColor: 'var(--lumo-primary-color-10pct, #e8f0fe)',
      color: 'inherit',
    },
    '.cm-completionDetail': { color: '#6a737d', marginLeft: '1em', fontStyle: 'normal' },
  },
  { dark: false },
);

/* ---------- completion of variable names after {{, {{#, {{^ and {{/ ---------- */

const TAG_BEFORE = /\{\{\{?\s*[#^/&]?\s*[\w.\-]*$/;
const TAG_PREFIX = /^\{\{\{?\s*([#^/&]?)\s*/;
const SECTION_TAG = /\{\{\s*([#^/])\s*([^\s}]+)\s*\}\}/g;

/** The sections still open before pos, innermost last. */
function openSections(doc: Text, pos: number): string[] {
  const stack: string[] = [];
  const text = doc.sliceString(0, pos);
  for (const m of text.matchAll(SECTION_TAG)) {
    if (m[1] === '/') {
      const i = stack.lastIndexOf(m[2]);
      if (i >= 0) {
        stack.length = i;
      }
    } else {
      stack.push(m[2]);
    }
  }
  return stack;
}

/* ---------- yaml mode: an experiment file ---------- */

const yamlHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: '#b35900' },
  { tag: [tags.string, tags.special(tags.string)], color: '#24292e' },
  { tag: tags.content, color: '#24292e' },
  { tag: [tags.bool, tags.null, tags.atom, tags.keyword], color: '#6f42c1' },
  { tag: tags.number, color: '#005cc5' },
  { tag: [tags.lineComment, tags.comment], color: '#6a737d', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: '#8a8f98' },
  { tag: [tags.meta, tags.typeName, tags.labelName], color: '#8a8f98' },
]);

/** A line of block YAML: its indentation, the columns of its `- ` markers, and its key if any. */
interface LineShape {
  blank: boolean;
  lead: number;
  dashes: number[];
  content: number;
  key: string | null;
  /** Nothing after the key's colon: the value is the lines below. */
  empty: boolean;
}

const YAML_KEY = /^(["']?)([A-Za-z0-9_][\w.\-]*)\1\s*:(?=\s|$)/;

function lineShape(text: string): LineShape {
  let i = 0;
  while (i < text.length && text[i] === ' ') {
    i++;
  }
  const lead = i;
  if (i >= text.length || text[i] === '#') {
    return { blank: true, lead, dashes: [], content: lead, key: null, empty: false };
  }
  const dashes: number[] = [];
  while (text[i] === '-' && (i + 1 >= text.length || text[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (text[i] === ' ') {
      i++;
    }
  }
  const m = YAML_KEY.exec(text.slice(i));
  let key: string | null = null;
  let empty = false;
  if (m) {
    key = m[2];
    const after = text.slice(i + m[0].length).trim();
    empty = after === '' || after.startsWith('#');
  }
  return { blank: false, lead, dashes, content: i, key, empty };
}

function joinPath(segments: string[]): string {
  return segments.reduce((acc, s) => (s === '[]' ? acc + '[]' : acc ? acc + '.' + s : s), '');
}

/**
 * The path of the block mapping or list whose entry starts at `col` on line `lineNo` (after the
 * `- ` markers at `dashes`): the keys of the lines above with less indentation, `[]` for a list item.
 * Null when the lines above do not nest (the text is being edited into shape).
 */
function blockPath(doc: Text, lineNo: number, col: number, dashes: number[]): string | null {
  const segments: string[] = [];
  let seq = false;
  let c = col;
  const enterItems = (d: number[]) => {
    for (let k = 0; k < d.length; k++) {
      segments.unshift('[]');
    }
    seq = true;
    c = d[0];
  };
  if (dashes.length) {
    enterItems(dashes);
  }
  for (let n = lineNo - 1; n >= 1; n--) {
    const s = lineShape(doc.line(n).text);
    if (s.blank) {
      continue;
    }
    if (seq) {
      if ((s.dashes.length && s.dashes[0] === c) || s.lead > c) {
        continue; // another item of the same list, or inside one
      }
      if (s.key && s.empty && s.content <= c) {
        segments.unshift(s.key);
        seq = false;
        c = s.content;
        if (s.dashes.length) {
          enterItems(s.dashes);
        }
        continue;
      }
      return null;
    }
    if (s.content === c) {
      if (s.dashes.length) {
        enterItems(s.dashes); // a sibling key in the same list item
      }
      continue;
    }
    if (s.content > c) {
      continue;
    }
    if (s.key && s.empty) {
      segments.unshift(s.key);
      c = s.content;
      if (s.dashes.length) {
        enterItems(s.dashes);
      }
      continue;
    }
    return null;
  }
  return joinPath(segments);
}

/** Where the cursor is inside flow collections ({ ... } and [ ... ]) on its line. */
interface FlowContext {
  /** The path of the innermost collection. */
  path: string;
  kind: '{' | '[';
  /** The text since the innermost collection's opener or its last comma. */
  segment: string;
}

function flowContext(doc: Text, lineNo: number, before: string): FlowContext | null {
  const openers: { index: number; kind: '{' | '[' }[] = [];
  const segmentsStart: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (quote) {
      if (ch === quote) {
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || before[i - 1] === ' ')) {
      return null;
    } else if (ch === '{' || ch === '[') {
      openers.push({ index: i, kind: ch });
      segmentsStart.push(i + 1);
    } else if (ch === '}' || ch === ']') {
      openers.pop();
      segmentsStart.pop();
    } else if (ch === ',' && openers.length) {
      segmentsStart[segmentsStart.length - 1] = i + 1;
    }
  }
  if (!openers.length || quote) {
    return null;
  }
  const first = openers[0].index;
  const prefix = /^(\s*)((?:-\s+)*)(?:(["']?)([A-Za-z0-9_][\w.\-]*)\3\s*:\s*)?$/.exec(before.slice(0, first));
  if (!prefix) {
    return null;
  }
  const dashes: number[] = [];
  let col = prefix[1].length;
  for (const d of prefix[2].matchAll(/-\s+/g)) {
    dashes.push(col);
    col += d[0].length;
  }
  let path = blockPath(doc, lineNo, col, dashes);
  if (path === null) {
    return null;
  }
  if (prefix[4]) {
    path = joinPath([path, prefix[4]]);
  }
  // Walk the nested collections: a mapping's child is named by its key, a list's by [].
  for (let k = 0; k < openers.length; k++) {
    if (k > 0) {
      const outer = openers[k - 1];
      if (outer.kind === '[') {
        path += '[]';
      } else {
        // The outer collection's current entry (after its last comma) holds the key of this one.
        const seg = before.slice(segmentsStart[k - 1], openers[k].index);
        const key = /^\s*(["']?)([A-Za-z0-9_][\w.\-]*)\1\s*:\s*$/.exec(seg);
        if (!key) {
          return null;
        }
        path = joinPath([path, key[2]]);
      }
    }
  }
  const inner = openers[openers.length - 1];
  return { path, kind: inner.kind, segment: before.slice(segmentsStart[segmentsStart.length - 1]) };
}

/* ---------- the element ---------- */

/** Marks the transactions that apply a value set by the server: they are not sent back. */
const fromServer = Annotation.define<boolean>();

export class PromptEditor extends LitElement {
  static properties = {
    value: { type: String },
    readonly: { type: Boolean, reflect: true },
    mode: { type: String, reflect: true },
    completions: { type: Array, attribute: false },
    schema: { type: Object, attribute: false },
    problems: { type: Array, attribute: false },
  };

  static styles = css`
    :host {
      display: flex;
      flex-direction: column;
      box-sizing: border-box;
      width: 100%;
      height: 100%;
      min-height: 20rem;
      border: 1px solid var(--lumo-contrast-20pct, #d0d4d9);
      border-radius: var(--lumo-border-radius-m, 4px);
      overflow: hidden;
      background: var(--lumo-base-color, #fff);
    }
    :host([readonly]) {
      border-style: dashed;
    }
    :host([readonly]) .editor {
      background: var(--lumo-contrast-5pct, #f5f6f7);
    }
    :host(:focus-within) {
      border-color: var(--lumo-primary-color-50pct, #7aa5e6);
    }
    .editor {
      flex: 1 1 auto;
      min-height: 0;
      position: relative;
    }
    .editor > .cm-editor {
      position: absolute;
      inset: 0;
    }
  `;

  declare value: string;
  declare readonly: boolean;
  declare mode: EditorMode;
  declare completions: Completion[];
  declare schema: YamlSchema;
  declare problems: Problem[];

  private view?: EditorView;
  private readonly readOnly = new Compartment();
  private readonly language = new Compartment();
  private timer?: number;
  private pending = false;

  constructor() {
    super();
    this.value = '';
    this.readonly = false;
    this.mode = 'template';
    this.completions = [];
    this.schema = {};
    this.problems = [];
    // Before a shortcut (Ctrl+S, ...) reaches the page's listeners, send the latest text.
    this.addEventListener(
      'keydown',
      (e: KeyboardEvent) => {
        if (e.ctrlKey || e.metaKey || e.altKey) {
          this.flush();
        }
      },
      true,
    );
    this.addEventListener('focusout', () => this.flush());
  }

  /** The editor's CodeMirror view, for tests and callers in the page. */
  get editorView(): EditorView | undefined {
    return this.view;
  }

  render() {
    return html`<div class="editor"></div>`;
  }

  protected firstUpdated() {
    const parent = this.renderRoot.querySelector('.editor') as HTMLElement;
    this.view = new EditorView({
      parent,
      root: this.shadowRoot!,
      state: EditorState.create({
        doc: this.value ?? '',
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          EditorView.lineWrapping,
          this.language.of(this.languageFor(this.mode)),
          lightTheme,
          lintGutter(),
          // Completions and lint tooltips stay inside the element (it clips): above the line when
          // there is no room below.
          tooltips({ tooltipSpace: () => this.getBoundingClientRect() }),
          autocompletion({
            override: [(ctx) => this.complete(ctx)],
            activateOnTyping: false,
            icons: false,
          }),
          // No Mod-s anywhere here: Ctrl+S belongs to the workbench.
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
          this.readOnly.of(EditorState.readOnly.of(this.readonly)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !u.transactions.some((tr) => tr.annotation(fromServer))) {
              this.schedule();
            }
            // Typing inside a tag opens the completions (CodeMirror's own activation on typing would
            // wait for a word character and drop them at {{, {{#, {{^ and {{/); in yaml mode, typing
            // a key or a value where the schema has some opens them.
            if (u.transactions.some((tr) => tr.isUserEvent('input.type')) && completionStatus(u.state) === null) {
              const head = u.state.selection.main.head;
              const before = u.state.sliceDoc(Math.max(0, head - 200), head);
              if (this.mode === 'yaml' ? /(^|[\s{\[,:-])[\w.\-\/]*$/.test(before) && this.completeYaml(u.state, head) !== null
                  : TAG_BEFORE.test(before)) {
                window.setTimeout(() => startCompletion(u.view), 0);
              }
            }
          }),
        ],
      }),
    });
    this.showProblems();
  }

  protected updated(changed: PropertyValues<this>) {
    const view = this.view;
    if (!view) {
      return;
    }
    if (changed.has('value')) {
      const text = this.value ?? '';
      if (text !== view.state.doc.toString()) {
        this.cancel();
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          annotations: [fromServer.of(true), Transaction.addToHistory.of(false)],
        });
        this.showProblems();
      }
    }
    if (changed.has('mode')) {
      view.dispatch({ effects: this.language.reconfigure(this.languageFor(this.mode)) });
    }
    if (changed.has('readonly')) {
      view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(this.readonly)) });
    }
    if (changed.has('problems')) {
      this.showProblems();
    }
  }

  disconnectedCallback() {
    this.flush();
    super.disconnectedCallback();
  }

  /** Sends the text now if an edit is waiting for the debounce. */
  flush() {
    if (!this.pending || !this.view) {
      return;
    }
    this.cancel();
    const text = this.view.state.doc.toString();
    if (text === this.value) {
      return;
    }
    // Flow reads the `value` property when the event arrives: set it first.
    this.value = text;
    this.dispatchEvent(new CustomEvent('value-changed', { detail: { value: text } }));
  }

  private schedule() {
    this.cancel();
    this.pending = true;
    this.timer = window.setTimeout(() => this.flush(), 300);
  }

  private cancel() {
    this.pending = false;
    if (this.timer !== undefined) {
      window.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private showProblems() {
    const view = this.view;
    if (!view) {
      return;
    }
    const doc = view.state.doc;
    const diagnostics: Diagnostic[] = (this.problems ?? [])
      .filter((p) => p && Number.isFinite(p.line))
      .map((p) => {
        const line = doc.line(Math.min(Math.max(1, Math.trunc(p.line)), doc.lines));
        return {
          from: line.from,
          to: line.to,
          severity: p.error ? 'error' : 'warning',
          message: p.message ?? '',
        } as Diagnostic;
      });
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }

  private languageFor(mode: EditorMode) {
    return mode === 'yaml' ? [yaml(), syntaxHighlighting(yamlHighlight)] : [templateLanguage, syntaxHighlighting(templateHighlight), blockLines];
  }

  private complete(ctx: CompletionContext): CompletionResult | null {
    if (this.mode === 'yaml') {
      return this.completeYaml(ctx.state, ctx.pos);
    }
    const before = ctx.matchBefore(TAG_BEFORE);
    if (!before) {
      return null;
    }
    const prefix = TAG_PREFIX.exec(before.text)!;
    const sigil = prefix[1];
    const from = before.from + prefix[0].length;
    const raw = before.text.startsWith('{{{');
    const close = raw ? '}}}' : '}}';
    const after = ctx.state.sliceDoc(ctx.pos, ctx.pos + close.length);
    const suffix = after.startsWith('}') ? '' : close;
    const open = sigil === '/' ? openSections(ctx.state.doc, before.from) : [];
    const innermost = open.length ? open[open.length - 1] : undefined;

    const seen = new Set<string>();
    const options: CmCompletion[] = [];
    if (innermost) {
      seen.add(innermost);
      options.push({ label: innermost, detail: 'close the open section', type: 'keyword', boost: 99, apply: innermost + suffix });
    }
    for (const c of this.completions ?? []) {
      if (!c || !c.label || seen.has(c.label)) {
        continue;
      }
      seen.add(c.label);
      options.push({
        label: c.label,
        detail: c.detail || undefined,
        type: sigil === '#' || sigil === '^' || sigil === '/' ? 'keyword' : 'variable',
        apply: c.label + suffix,
      });
    }
    return { from, options, validFor: /^[\w.\-]*$/ };
  }

  /**
   * Yaml mode: the schema's keys where a key is typed (a line's start, after `- `, after `{` or a
   * comma in a flow mapping) and its values after `key: ` or in a list's items, by the path of the
   * level the cursor is in.
   */
  private completeYaml(state: EditorState, pos: number): CompletionResult | null {
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);
    const keysAt = (path: string) => optionsAt(this.schema?.keys, path);
    const valuesAt = (path: string) => optionsAt(this.schema?.values, path);
    const word = /[\w.\-\/~]*$/.exec(before)![0];
    const from = pos - word.length;
    const after = state.sliceDoc(pos, Math.min(line.to, pos + 2));
    const asKeys = (list: Completion[]): CmCompletion[] =>
      list.map((c) => ({
        label: c.label,
        detail: c.detail || undefined,
        type: 'property',
        apply: after.trimStart().startsWith(':') ? c.label : c.label + ': ',
      }));
    const asValues = (list: Completion[]): CmCompletion[] =>
      list.map((c) => ({ label: c.label, detail: c.detail || undefined, type: 'constant' }));
    const result = (options: CmCompletion[]) => (options.length ? { from, options, validFor: /^[\w.\-\/~]*$/ } : null);

    const flow = flowContext(state.doc, line.number, before);
    if (flow) {
      if (flow.kind === '[') {
        return /^\s*[\w.\-\/~]*$/.test(flow.segment) ? result(asValues(valuesAt(flow.path + '[]'))) : null;
      }
      const value = /^\s*(["']?)([A-Za-z0-9_][\w.\-]*)\1\s*:\s*([\w.\-\/~]*)$/.exec(flow.segment);
      if (value) {
        return result(asValues(valuesAt(joinPath([flow.path, value[2]]))));
      }
      return /^\s*[\w\-]*$/.test(flow.segment) ? result(asKeys(keysAt(flow.path))) : null;
    }
    const keyPos = /^(\s*)((?:-\s+)*)([\w\-]*)$/.exec(before);
    if (keyPos) {
      const dashes: number[] = [];
      let col = keyPos[1].length;
      for (const d of keyPos[2].matchAll(/-\s+/g)) {
        dashes.push(col);
        col += d[0].length;
      }
      const path = blockPath(state.doc, line.number, col, dashes);
      if (path === null) {
        return null;
      }
      const options = asKeys(keysAt(path));
      if (dashes.length) {
        options.push(...asValues(valuesAt(path)));
      }
      return result(options);
    }
    const valuePos = /^(\s*)((?:-\s+)*)(["']?)([A-Za-z0-9_][\w.\-]*)\3\s*:\s+([\w.\-\/~]*)$/.exec(before);
    if (valuePos) {
      const dashes: number[] = [];
      let col = valuePos[1].length;
      for (const d of valuePos[2].matchAll(/-\s+/g)) {
        dashes.push(col);
        col += d[0].length;
      }
      const path = blockPath(state.doc, line.number, col, dashes);
      return path === null ? null : result(asValues(valuesAt(joinPath([path, valuePos[4]]))));
    }
    return null;
  }
}

customElements.get('prompt-editor') || customElements.define('prompt-editor', PromptEditor);

declare global {
  interface HTMLElementTagNameMap {
    'prompt-editor': PromptEditor;
  }
}
