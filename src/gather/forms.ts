import type { FieldKind, FormFact, FormField } from './types.ts';
import { NO_TEXT_TAGS, collapse, cut, isElement, nameWords, textOf, type DomElement, type DomNode } from './dom.ts';
import type { LooseControl, PageScan } from './scan.ts';

const MAX_FORM_TEXT = 300;
const MAX_FIELDS = 100;

const INPUT_KINDS: Readonly<Record<string, FieldKind>> = {
  text: 'text',
  email: 'email',
  password: 'password',
  file: 'file',
  search: 'search',
  hidden: 'hidden',
  tel: 'tel',
  number: 'number',
  date: 'date',
  'datetime-local': 'date',
  checkbox: 'checkbox',
  radio: 'radio',
  submit: 'submit',
  // An image input submits the form when clicked.
  image: 'submit',
};

const BUTTON_INPUTS: ReadonlySet<string> = new Set(['submit', 'image', 'button', 'reset']);

/** A label's own words, without the option lists or typed text of the controls it wraps. */
const LABEL_SKIP: ReadonlySet<string> = new Set([...NO_TEXT_TAGS, 'select', 'textarea', 'option', 'datalist']);

function inputKind(el: DomElement): FieldKind {
  const type = (el.attribs.type ?? '').trim().toLowerCase();
  if (type === '') return 'text';
  return INPUT_KINDS[type] ?? 'other';
}

function isSubmitButton(el: DomElement): boolean {
  const type = (el.attribs.type ?? 'submit').trim().toLowerCase();
  return type === 'submit' || type === '';
}

function firstNonEmpty(...candidates: (string | undefined)[]): string | undefined {
  for (const c of candidates) {
    const text = collapse(c ?? '');
    if (text) return text;
  }
  return undefined;
}

function buttonText(el: DomElement): string {
  if (el.name === 'button') return firstNonEmpty(textOf(el), el.attribs.value, el.attribs['aria-label'], el.attribs.title) ?? '';
  return firstNonEmpty(el.attribs.value, el.attribs.alt, el.attribs['aria-label'], el.attribs.title) ?? '';
}

function fieldOf(el: DomElement, wrappingLabel: DomElement | null, labelsFor: Map<string, DomElement>): FormField {
  const a = el.attribs;
  const kind: FieldKind = el.name === 'input' ? inputKind(el) : el.name === 'button' ? 'submit' : (el.name as FieldKind);
  const field: FormField = { name: (a.name ?? a.id ?? '').trim(), kind };
  const forLabel = a.id ? labelsFor.get(a.id) : undefined;
  const label =
    kind === 'submit'
      ? buttonText(el)
      : firstNonEmpty(
          forLabel ? textOf(forLabel, LABEL_SKIP) : undefined,
          wrappingLabel ? textOf(wrappingLabel, LABEL_SKIP) : undefined,
          a.placeholder,
          a['aria-label'],
          a.title,
        );
  if (label) field.label = cut(label, 200);
  return field;
}

interface FormReading {
  fields: FormField[];
  /** Legends and headings inside the form, and the text of its buttons. */
  words: string[];
}

/** Walks one form's subtree (forms are small, so this second walk is cheap). */
function readForm(form: DomElement, labelsFor: Map<string, DomElement>): FormReading {
  const fields: FormField[] = [];
  const words: string[] = [];
  const stack: { node: DomNode; label: DomElement | null }[] = [];
  for (let i = form.children.length - 1; i >= 0; i--) stack.push({ node: form.children[i]!, label: null });
  while (stack.length > 0) {
    const { node, label: outerLabel } = stack.pop()!;
    if (!isElement(node) || NO_TEXT_TAGS.has(node.name)) continue;
    let label = outerLabel;
    switch (node.name) {
      case 'label':
        label = node;
        break;
      case 'legend': case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6':
        words.push(textOf(node));
        continue;
      case 'input': {
        const field = fieldOf(node, label, labelsFor);
        if (BUTTON_INPUTS.has((node.attribs.type ?? '').trim().toLowerCase())) words.push(buttonText(node));
        if (fields.length < MAX_FIELDS) fields.push(field);
        continue;
      }
      case 'select':
      case 'textarea':
        if (fields.length < MAX_FIELDS) fields.push(fieldOf(node, label, labelsFor));
        continue;
      case 'button':
        words.push(buttonText(node));
        if (isSubmitButton(node) && fields.length < MAX_FIELDS) fields.push(fieldOf(node, label, labelsFor));
        continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, label });
  }
  return { fields, words };
}

function resolveAction(action: string | undefined, base: URL | undefined, pageUrl: string): string {
  const raw = (action ?? '').trim();
  try {
    const url = raw === '' ? new URL(pageUrl) : new URL(raw, base);
    url.hash = '';
    return url.href;
  } catch {
    return raw === '' ? pageUrl : raw;
  }
}

function formText(parts: (string | undefined)[]): string {
  return cut(collapse(parts.filter(Boolean).join(' ')), MAX_FORM_TEXT);
}

/** Controls tied to a form by a `form="id"` attribute while standing outside it. */
function ownedControls(loose: readonly LooseControl[]): Map<string, DomElement[]> {
  const byForm = new Map<string, DomElement[]>();
  for (const { el } of loose) {
    const owner = el.attribs.form?.trim();
    if (!owner) continue;
    const list = byForm.get(owner) ?? [];
    list.push(el);
    byForm.set(owner, list);
  }
  return byForm;
}

function isTextEntry(el: DomElement): boolean {
  if (el.name === 'textarea') return true;
  if (el.name !== 'input') return false;
  const kind = inputKind(el);
  return kind === 'text' || kind === 'search';
}

/**
 * Search boxes that live outside any `<form>` (wired up by script): the controls under one
 * role="search" element make one form, and a lone `<input type="search">` makes one on its own.
 */
function looseSearchForms(loose: readonly LooseControl[], labelsFor: Map<string, DomElement>, pageUrl: string): FormFact[] {
  const groups = new Map<DomElement, DomElement[]>();
  for (const { el, searchRoot } of loose) {
    if (el.attribs.form?.trim()) continue;
    const isSearchInput = el.name === 'input' && inputKind(el) === 'search';
    const key = searchRoot ?? (isSearchInput ? el : null);
    if (!key) continue;
    const list = groups.get(key) ?? [];
    list.push(el);
    groups.set(key, list);
  }
  const forms: FormFact[] = [];
  for (const [root, controls] of groups) {
    if (!controls.some(isTextEntry)) continue;
    const isRole = root.attribs.role?.trim().toLowerCase() === 'search';
    const fields = controls
      .filter((el) => el.name !== 'button' || isSubmitButton(el))
      .map((el) => fieldOf(el, null, labelsFor));
    const buttons = controls.filter((el) => el.name === 'button' || el.attribs.type === 'submit').map(buttonText);
    let action = pageUrl;
    try {
      const url = new URL(pageUrl);
      url.hash = '';
      action = url.href;
    } catch {
      // keep the page URL as given
    }
    forms.push({
      method: 'get',
      action,
      fields,
      text: formText([isRole ? 'search' : undefined, root.attribs['aria-label'], ...buttons, nameWords(root.attribs)]),
    });
  }
  return forms;
}

export function extractForms(scan: PageScan, base: URL | undefined, pageUrl: string): FormFact[] {
  const owned = ownedControls(scan.looseControls);
  const facts: FormFact[] = [];
  for (const { el, precedingHeading } of scan.forms) {
    const a = el.attribs;
    const { fields, words } = readForm(el, scan.labelsFor);
    const formId = a.id?.trim();
    for (const control of (formId && owned.get(formId)) || []) {
      if (fields.length < MAX_FIELDS) fields.push(fieldOf(control, null, scan.labelsFor));
      if (control.name === 'button') words.push(buttonText(control));
    }
    facts.push({
      method: (a.method ?? '').trim().toLowerCase() === 'post' ? 'post' : 'get',
      action: resolveAction(a.action, base, pageUrl),
      fields,
      text: formText([...words, precedingHeading, nameWords(a), a.role, a['aria-label'], a.title]),
    });
  }
  facts.push(...looseSearchForms(scan.looseControls, scan.labelsFor, pageUrl));
  return facts;
}
