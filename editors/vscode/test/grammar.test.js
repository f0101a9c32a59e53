// Tokenizes the repository's real .jx files with the TextMate grammar, the
// way VS Code does (vscode-textmate + the Oniguruma regex engine), and checks
// the scope of chosen tokens.  Run with `npm test`.
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const EXTENSION = path.resolve(__dirname, '..');
const REPOSITORY = path.resolve(EXTENSION, '..', '..');
const GRAMMAR = path.join(EXTENSION, 'syntaxes', 'jixiao.tmLanguage.json');

/** Reads a file or fails the test with the full path in the message. */
function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error.message}`);
  }
}

/** The .jx files of a folder of the repository (at least one). */
function jxFiles(folder) {
  const dir = path.join(REPOSITORY, folder);
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot list ${dir}: ${error.message}`);
  }
  const files = names.filter((name) => name.endsWith('.jx')).sort();
  assert.ok(files.length > 0, `no .jx file in ${dir}`);
  return files.map((name) => path.join(folder, name));
}

let grammar;
const documents = new Map();

before(async () => {
  const wasm = path.join(EXTENSION, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');
  let bytes;
  try {
    bytes = fs.readFileSync(wasm);
  } catch (error) {
    throw new Error(`cannot read ${wasm} (run npm install first): ${error.message}`);
  }
  await oniguruma.loadWASM(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.jixiao' ? vsctm.parseRawGrammar(read(GRAMMAR), GRAMMAR) : null,
  });
  grammar = await registry.loadGrammar('source.jixiao');
  assert.ok(grammar, `the grammar ${GRAMMAR} did not load`);
});

/** Tokenizes source text line by line, carrying the state across lines. */
function tokenize(text, name) {
  let state = vsctm.INITIAL;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return {
      text: line,
      tokens: result.tokens.map((t) => ({
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes,
      })),
    };
  });
  return { name, lines, endState: state };
}

/** A repository file, tokenized once. */
function doc(relative) {
  if (!documents.has(relative)) {
    documents.set(relative, tokenize(read(path.join(REPOSITORY, relative)), relative));
  }
  return documents.get(relative);
}

/**
 * The tokens that make up `text` on a line of `document`. The line is given
 * by its number (from 1), by a string it contains (the first such line) or
 * by a regular expression; `nth` picks a later occurrence of `text` on it.
 */
function tokensAt(document, line, text, nth = 1) {
  const index =
    typeof line === 'number'
      ? line - 1
      : document.lines.findIndex((l) => (line instanceof RegExp ? line.test(l.text) : l.text.includes(line)));
  assert.ok(
    index >= 0 && index < document.lines.length,
    `${document.name}: no line ${line instanceof RegExp ? line : JSON.stringify(line)}`,
  );
  const { text: lineText, tokens } = document.lines[index];
  let column = -1;
  for (let i = 0; i < nth; i++) {
    column = lineText.indexOf(text, column + 1);
    assert.ok(column >= 0, `${document.name}:${index + 1}: no ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(lineText)}`);
  }
  const end = column + text.length;
  const found = tokens.filter((t) => t.start < end && t.end > column);
  return { where: `${document.name}:${index + 1}:${column + 1} ${JSON.stringify(text)}`, column, end, tokens: found };
}

const show = (tokens) => tokens.map((t) => `${JSON.stringify(t.text)} [${t.scopes.slice(1).join(' ')}]`).join(', ');

/** The kinds of token the grammar tells apart, as a test on one scope. */
const KINDS = {
  keyword: (s) => s === 'keyword.control.jixiao' || s === 'keyword.other.jixiao',
  blockKeyword: (s) => s === 'keyword.control.jixiao',
  field: (s) => s === 'variable.other.property.jixiao',
  category: (s) => s === 'entity.name.section.jixiao',
  fundsRow: (s) => s === 'entity.name.tag.jixiao',
  rule: (s) => s === 'constant.language.jixiao',
  table: (s) => s === 'constant.language.table.jixiao',
  string: (s) => s === 'string.quoted.double.jixiao',
  escape: (s) => s === 'constant.character.escape.jixiao',
  interpolation: (s) => s === 'meta.interpolation.jixiao',
  reference: (s) => s === 'variable.other.reference.jixiao',
  number: (s) => s === 'constant.numeric.jixiao',
  percent: (s) => s === 'constant.numeric.percent.jixiao',
  date: (s) => s === 'constant.numeric.date.jixiao',
  unit: (s) => s === 'keyword.other.unit.jixiao',
  comparator: (s) => s === 'keyword.operator.comparison.jixiao',
  blank: (s) => s === 'constant.language.blank.jixiao',
  comment: (s) => s === 'comment.line.double-slash.jixiao' || s === 'comment.block.jixiao',
  brace: (s) => s.startsWith('punctuation.section.block.'),
  invalid: (s) => s.startsWith('invalid.'),
};

/**
 * `text` on `line` is exactly one highlighted thing of `kind`: every token in
 * it has the scope, and the tokens begin and end where the text does (so
 * `年度` does not stand for a part of a longer token).
 */
function expectKind(file, line, text, kind, nth = 1) {
  const found = tokensAt(typeof file === 'string' ? doc(file) : file, line, text, nth);
  assert.ok(found.tokens.length > 0, `${found.where}: no token`);
  const bad = found.tokens.filter((t) => !t.scopes.some(KINDS[kind]));
  assert.deepEqual(bad, [], `${found.where} should be ${kind}, got ${show(found.tokens)}`);
  assert.equal(found.tokens[0].start, found.column, `${found.where} starts inside a token: ${show(found.tokens)}`);
  assert.equal(found.tokens.at(-1).end, found.end, `${found.where} ends inside a token: ${show(found.tokens)}`);
}

/** Every token of `text` on `line` has a scope of `kind` (a part of a comment or text). */
function expectInside(file, line, text, kind, nth = 1) {
  const found = tokensAt(typeof file === 'string' ? doc(file) : file, line, text, nth);
  assert.ok(found.tokens.length > 0, `${found.where}: no token`);
  const bad = found.tokens.filter((t) => !t.scopes.some(KINDS[kind]));
  assert.deepEqual(bad, [], `${found.where} should be inside ${kind}, got ${show(found.tokens)}`);
}

/** No token of `text` on `line` has a scope of `kind`. */
function expectNotKind(file, line, text, kind, nth = 1) {
  const found = tokensAt(typeof file === 'string' ? doc(file) : file, line, text, nth);
  const bad = found.tokens.filter((t) => t.scopes.some(KINDS[kind]));
  assert.deepEqual(bad, [], `${found.where} must not be ${kind}: ${show(found.tokens)}`);
}

const ZH = 'examples/yuelu-2021.jx';
const EN = 'examples/yuelu-2021.en.jx';
const SHOWCASE = 'examples/scoring-showcase.jx';
const OUTLINE = 'examples/mof-outline.jx';
const REGIONAL = 'tests/fixtures/ok/regional-scheme.jx';

test('every example and spec fixture tokenizes and closes all its blocks', () => {
  const files = [...jxFiles('examples'), ...jxFiles('tests/fixtures/spec'), ...jxFiles('tests/fixtures/ok')];
  for (const name of [ZH, EN, SHOWCASE, OUTLINE, 'tests/fixtures/spec/yuelu-2021.jx', REGIONAL]) {
    assert.ok(files.includes(name), `${name} is missing`);
  }
  for (const file of files) {
    const document = doc(file);
    assert.equal(document.endState.depth, 1, `${file}: a block or string is still open at the end of the file`);
    for (const [i, line] of document.lines.entries()) {
      const bad = line.tokens.filter((t) => t.scopes.some(KINDS.invalid));
      assert.deepEqual(bad, [], `${file}:${i + 1}: invalid token: ${show(bad)}`);
    }
  }
});

test('Chinese keywords, categories, funds rows and fields (yuelu-2021.jx)', () => {
  expectKind(ZH, '自评表 "岳麓区', '自评表', 'blockKeyword');
  expectKind(ZH, '  年度 2021', '年度', 'keyword');
  expectKind(ZH, '  标题 "', '标题', 'keyword');
  expectKind(ZH, '  主管部门 "', '主管部门', 'keyword');
  expectKind(ZH, '  实施单位 "', '实施单位', 'keyword');
  expectKind(ZH, '项目资金 万元 {', '项目资金', 'blockKeyword');
  expectKind(ZH, '年度总体目标 {', '年度总体目标', 'blockKeyword');
  expectKind(ZH, /^\s*预期目标\s*$/, '预期目标', 'keyword');
  expectKind(ZH, /^\s*实际完成情况\s*$/, '实际完成情况', 'keyword');
  expectKind(ZH, '绩效指标 {', '绩效指标', 'blockKeyword');
  expectKind(ZH, '自评报告 "', '自评报告', 'blockKeyword');
  expectKind(ZH, '副标题 "', '副标题', 'keyword');
  expectKind(ZH, '章 "预算支出基本情况"', '章', 'blockKeyword');
  expectKind(ZH, '节 "预算支出概况"', '节', 'keyword');
  expectKind(ZH, '落款 "', '落款', 'keyword');

  expectKind(ZH, '产出指标 {', '产出指标', 'category');
  expectKind(ZH, '数量指标 {', '数量指标', 'category');
  expectKind(ZH, '经济效益指标 {', '经济效益指标', 'category');
  expectKind(ZH, '服务对象满意度指标 {', '服务对象满意度指标', 'category');

  expectKind(ZH, '年度资金总额     2000', '年度资金总额', 'fundsRow');
  expectKind(ZH, '当年财政拨款     2000', '当年财政拨款', 'fundsRow');
  expectKind(ZH, '上年结转资金', '上年结转资金', 'fundsRow');
  expectKind(ZH, '其他资金', '其他资金', 'fundsRow');
  expectKind(ZH, '年度资金总额     2000', '分值', 'field');

  expectKind(ZH, '"年度内完成审核"', '指标值', 'field');
  expectKind(ZH, '"年度内完成审核"', '完成值', 'field');
  expectKind(ZH, '"年度内完成审核"', '分值', 'field');
  expectKind(ZH, '"按文件标准进行补贴"', '得分', 'field');
});

test('a department\'s budget and the execution rule (department-whole.jx)', () => {
  const DEPT = 'tests/fixtures/ok/department-whole.jx';
  expectKind(DEPT, '部门预算 万元 {', '部门预算', 'blockKeyword');
  expectKind(DEPT, '部门预算 万元 {', '万元', 'unit');
  expectKind(DEPT, '    合计 ', '合计', 'fundsRow');
  expectKind(DEPT, '    基本支出 ', '基本支出', 'fundsRow');
  expectKind(DEPT, '    项目支出 ', '项目支出', 'fundsRow');
  expectKind(DEPT, '"预算执行率"  规则', '规则', 'field');
  expectKind(DEPT, '"预算执行率"  规则', '执行率', 'rule', 2);
});

test('strings, numbers, percentages, units, dates, comments (yuelu-2021.jx)', () => {
  expectKind(ZH, '  主管部门 "', '"岳麓区人社局"', 'string');
  expectKind(ZH, '"符合条件的灵活就业人员"', '"全部符合条件人员"', 'string');
  expectKind(ZH, '  年度 2021', '2021', 'number');
  expectKind(ZH, '年度资金总额     2000', '2000', 'number');
  expectKind(ZH, '年度资金总额     2000', '2000', 'number', 3);
  expectKind(ZH, '年度资金总额     2000', '10', 'number');
  expectKind(ZH, '上年结转资金', '-', 'blank');
  expectKind(ZH, '上年结转资金', '-', 'blank', 3);
  expectKind(ZH, '"提高就业率，确保群众满意"', '95%', 'percent');
  expectKind(ZH, '"提高就业率，确保群众满意"', '%', 'unit');
  expectKind(ZH, '"提高就业率，确保群众满意"', '≥', 'comparator');
  expectKind(ZH, '"提高就业率，确保群众满意"', '95%', 'percent', 2);
  expectKind(ZH, '项目资金 万元 {', '万元', 'unit');
  expectKind(ZH, '落款 "', '2022-02-14', 'date');
  expectInside(ZH, 1, '// 岳麓区灵活就业社保补贴', 'comment');
  expectInside(ZH, '//             年初预算数', '年初预算数', 'comment');
  expectKind(ZH, '// No 得分 given', '// No 得分 given: the ratio rule computes 10.', 'comment');
});

test('units, bounds, dates, rules and grades (scoring-showcase.jx)', () => {
  expectKind(SHOWCASE, '"改造老旧小区数量"', '≥', 'comparator');
  expectKind(SHOWCASE, '"改造老旧小区数量"', '30', 'number');
  expectKind(SHOWCASE, '"改造老旧小区数量"', '个', 'unit');
  expectKind(SHOWCASE, '"改造老旧小区数量"', '27', 'number');
  expectKind(SHOWCASE, '"改造老旧小区数量"', '个', 'unit', 2);
  expectKind(SHOWCASE, '"户均改造成本"', '≤', 'comparator');
  expectKind(SHOWCASE, '"户均改造成本"', '3.5', 'number');
  expectKind(SHOWCASE, '"户均改造成本"', '万元', 'unit');
  expectKind(SHOWCASE, '"竣工验收合格率"', '=', 'comparator');
  expectKind(SHOWCASE, '"居民满意度"', '92.5%', 'percent');
  expectKind(SHOWCASE, '"项目完工时间"', '2022-12-31', 'date');
  expectKind(SHOWCASE, '"项目完工时间"', '2023-01-20', 'date');
  expectKind(SHOWCASE, '等级 部分达成', '等级', 'field');
  expectKind(SHOWCASE, '等级 部分达成', '部分达成', 'rule');
  expectKind(SHOWCASE, '"长效管理机制"', '达成', 'rule');
  expectKind(SHOWCASE, '偏差 "3个小区', '偏差', 'field');
  expectKind(SHOWCASE, '年度资金总额     3000', '// 执行率 94.64%  得分 9.46', 'comment');
});

test('report blocks and the scoring scheme (mof-outline.jx, regional-scheme.jx)', () => {
  expectKind(OUTLINE, '小节 "数量指标"', '小节', 'keyword');
  expectKind(OUTLINE, '款 "时效指标"', '款', 'keyword');
  expectKind(OUTLINE, '列表 {', '列表', 'blockKeyword');
  expectKind(OUTLINE, '表格 资金', '表格', 'keyword');
  expectKind(OUTLINE, '表格 资金', '资金', 'table');
  expectKind(OUTLINE, '表格 偏差', '偏差', 'table');
  expectKind(OUTLINE, '字段名写作{{总分}}', '{{', 'escape');
  expectKind(OUTLINE, '字段名写作{{总分}}', '}}', 'escape');
  expectNotKind(OUTLINE, '字段名写作{{总分}}', '总分', 'interpolation');

  expectKind(REGIONAL, '评分方案 {', '评分方案', 'blockKeyword');
  expectKind(REGIONAL, '指标体系 {', '指标体系', 'blockKeyword');
  expectKind(REGIONAL, '决策指标 10 {', '决策指标', 'category');
  expectKind(REGIONAL, '决策指标 10 {', '项目立项', 'category');
  expectKind(REGIONAL, '反向公式 偏离', '反向公式', 'field');
  expectKind(REGIONAL, '反向公式 偏离', '偏离', 'rule');
  expectKind(REGIONAL, '执行率下限 85%', '85%', 'percent');
  // A category of the region's own framework, in the indicators.
  expectKind(REGIONAL, /^\s*过程指标 \{/, '过程指标', 'category');
  expectKind(REGIONAL, /^\s*资金管理 \{/, '资金管理', 'category');
  expectKind(REGIONAL, '"养护里程"', '公里', 'unit');
});

test('English keywords get the same kinds (yuelu-2021.en.jx)', () => {
  expectKind(EN, 'evaluation "', 'evaluation', 'blockKeyword');
  expectKind(EN, '  year 2021', 'year', 'keyword');
  expectKind(EN, '  department "', 'department', 'keyword');
  expectKind(EN, 'funds 万元 {', 'funds', 'blockKeyword');
  expectKind(EN, 'funds 万元 {', '万元', 'unit');
  expectKind(EN, 'goal {', 'goal', 'blockKeyword');
  expectKind(EN, /^\s*expected\s*$/, 'expected', 'keyword');
  expectKind(EN, /^\s*actual\s*$/, 'actual', 'keyword');
  expectKind(EN, 'indicators {', 'indicators', 'blockKeyword');
  expectKind(EN, 'report "', 'report', 'blockKeyword');
  expectKind(EN, 'chapter "', 'chapter', 'blockKeyword');
  expectKind(EN, 'section "预算支出概况"', 'section', 'keyword');
  expectKind(EN, 'signed "', 'signed', 'keyword');
  expectKind(EN, 'output {', 'output', 'category');
  expectKind(EN, 'timeliness {', 'timeliness', 'category');
  expectKind(EN, 'beneficiary {', 'beneficiary', 'category');
  expectKind(EN, 'total           2000', 'total', 'fundsRow');
  expectKind(EN, 'appropriation   2000', 'appropriation', 'fundsRow');
  expectKind(EN, 'total           2000', 'weight', 'field');
  expectKind(EN, '"年度内完成审核"', 'target', 'field');
  expectKind(EN, '"年度内完成审核"', 'actual', 'field');
  expectKind(EN, '"年度内完成审核"', 'weight', 'field');
  expectKind(EN, '"年度内完成审核"', '100%', 'percent');
  expectKind(EN, '"按文件标准进行补贴"', 'score', 'field');
  expectKind(EN, 'signed "', '2022-02-14', 'date');
});

test('a keyword is a whole word: no keyword inside a longer name', () => {
  // 年度 starts 年度资金总额 and 年度总体目标, which are one token each.
  expectNotKind(ZH, '年度资金总额     2000', '年度', 'keyword');
  expectKind(ZH, '年度资金总额     2000', '年度资金总额', 'fundsRow');
  expectKind(ZH, '年度总体目标 {', '年度总体目标', 'blockKeyword');
  // 指标值 ends 年度指标值; a digit ends a word, so `分值10` is 分值 and 10.
  const snippet = tokenize('自评表 "x" {\n  绩效指标 { 产出指标 { 数量指标 {\n    "a" 年度指标值 10个 实际完成值 9个 分值10 分值 10\n  } } }\n}\n', 'snippet');
  expectKind(snippet, 3, '年度指标值', 'field');
  expectKind(snippet, 3, '实际完成值', 'field');
  expectKind(snippet, 3, '分值', 'field', 1);
  expectKind(snippet, 3, '分值', 'field', 2);
  expectKind(snippet, 3, '10', 'number', 2);
  // English words too: `totally` is no funds row, `years` no keyword.
  const english = tokenize('years totally evaluation_x indicators\n', 'english');
  expectNotKind(english, 1, 'years', 'keyword');
  expectNotKind(english, 1, 'totally', 'fundsRow');
  expectNotKind(english, 1, 'evaluation_x', 'keyword');
  expectKind(english, 1, 'indicators', 'blockKeyword');
});

test('no keyword inside a string', () => {
  expectKind(ZH, '  标题 "', '"2021年度专项资金绩效评价自评表"', 'string');
  expectNotKind(ZH, '  标题 "', '年度', 'keyword');
  expectNotKind(ZH, '  标题 "', '自评表', 'keyword');
  expectNotKind(ZH, '"年度内完成审核"', '年度', 'keyword');
  // Numbers and units inside text are text.
  expectNotKind(ZH, '共为6009人次', '6009', 'number');
  expectNotKind(ZH, '共为6009人次', '人次', 'unit');
  expectNotKind(ZH, '城镇登记失业率2.30%', '2.30%', 'percent');
  // A string that spans lines stays a string on its later lines.
  expectInside(ZH, '截至2021年12月底，就业困难人员再就业4048人，', '截至2021年12月底', 'string');
  expectNotKind(SHOWCASE, '"3个小区因地下管线迁改延期，已纳入下年度计划。"', '年度', 'keyword');
  expectNotKind(EN, 'title "', '年度', 'keyword');
});

test('no keyword inside a comment', () => {
  expectNotKind(EN, 1, 'evaluation', 'keyword');
  expectInside(EN, 1, 'evaluation', 'comment');
  expectNotKind(EN, '// As in the seed', 'actual', 'field');
  expectNotKind(EN, '// As in the seed', 'actual', 'keyword');
  expectNotKind(OUTLINE, 1, 'report', 'keyword');
  expectNotKind(ZH, '// No 得分 given', '得分', 'field');
  expectNotKind(ZH, '// As in the seed', '完成值', 'field');
  expectNotKind(SHOWCASE, '// 总分', '等级', 'field');
  expectNotKind(SHOWCASE, '// 总分', '9.46', 'number');
  expectNotKind(ZH, 4, '年度资金总额', 'fundsRow');
  expectNotKind(ZH, 4, '{年度资金总额.全年预算数}', 'interpolation');
});

test('references to the form inside strings', () => {
  expectKind(ZH, '年初预算配套了', '{年度资金总额.年初预算数}', 'interpolation');
  expectKind(ZH, '年初预算配套了', '{年度资金总额.年初预算数}', 'string');
  expectKind(ZH, '年初预算配套了', '年度资金总额', 'reference');
  expectKind(ZH, '年初预算配套了', '年初预算数', 'reference');
  expectNotKind(ZH, '年初预算配套了', '年度资金总额', 'fundsRow');
  expectKind(ZH, '区级预算资金{', '{年度资金总额.全年预算数}', 'interpolation');
  expectKind(ZH, '由区财政配套{', '当年财政拨款', 'reference');
  expectNotKind(ZH, '年初预算配套了', '万元用于发放', 'interpolation');
  expectKind(EN, '{total.initial_budget}', '{total.initial_budget}', 'interpolation');
  expectKind(EN, '{total.initial_budget}', 'initial_budget', 'reference');
  expectKind(OUTLINE, '执行率{执行率}', '{执行率}', 'interpolation');
  expectKind(OUTLINE, '执行率{执行率}', '执行率', 'reference', 2);
  expectKind(OUTLINE, '自评总分{总分}', '{总分}', 'interpolation');
});

test('escapes and units after a space follow the grammar', () => {
  const s = tokenize(
    [
      '"a \\"quoted\\" word, a \\\\ backslash, {{braces}}"',
      '"n" 完成值 6009 人次  分值 10',
      '"n" 完成值 100 分值 10',
      '"n" 完成值 27个// comment',
      '"n" 指标值 95 ％ 完成值 -12.5 面积 5000m²',
      '"n" 完成值 3 m/s 其他 — －',
      '"n" 分值 10  // 注释 /* 块 */',
    ].join('\n'),
    'escapes',
  );
  expectKind(s, 1, '\\"', 'escape');
  expectKind(s, 1, '\\\\', 'escape');
  expectKind(s, 1, '{{', 'escape');
  expectKind(s, 1, '}}', 'escape');
  expectKind(s, 2, '6009', 'number');
  expectKind(s, 2, '人次', 'unit');
  expectKind(s, 2, '分值', 'field');
  expectKind(s, 3, '100', 'number');
  expectNotKind(s, 3, '分值', 'unit');
  expectKind(s, 3, '分值', 'field');
  expectKind(s, 4, '个', 'unit');
  expectKind(s, 4, '// comment', 'comment');
  expectKind(s, 5, '95 ％', 'percent');
  expectKind(s, 5, '-12.5', 'number');
  expectKind(s, 5, 'm²', 'unit');
  expectKind(s, 6, 'm/s', 'unit');
  expectKind(s, 6, '—', 'blank');
  expectKind(s, 6, '－', 'blank');
  expectKind(s, 7, '10', 'number');
  expectKind(s, 7, '// 注释 /* 块 */', 'comment');
});

test('every keyword of grammar/jixiao.pest is highlighted', () => {
  const pest = read(path.join(REPOSITORY, 'grammar', 'jixiao.pest'));
  const rules = [...pest.matchAll(/^(kw_\w+|field_keyword)\s*=\s*@\{([\s\S]*?)\}\s*$/gm)];
  assert.ok(rules.length >= 20, `only ${rules.length} keyword rules found in grammar/jixiao.pest`);
  const words = new Set();
  for (const [, , body] of rules) {
    for (const [, word] of body.matchAll(/"([^"]+)"/g)) words.add(word);
  }
  for (const word of words) {
    const document = tokenize(`${word}\n`, `pest keyword ${word}`);
    const tokens = document.lines[0].tokens;
    assert.equal(tokens.length, 1, `${word} is split: ${show(tokens)}`);
    assert.ok(
      tokens[0].scopes.some((s) => KINDS.keyword(s) || KINDS.field(s)),
      `${word} is not highlighted as a keyword or field: ${show(tokens)}`,
    );
  }
});
