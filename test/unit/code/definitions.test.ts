import { strict as assert } from 'node:assert';
import { checkUserPatterns, findDefinitions, languageOf, lookupNames, rankAcrossFiles, scanDefinitions, type DefinitionKind } from '../../../src/code/definitions';

/** The (line, column, kind) of each candidate, best first. */
const found = (text: string, language: Parameters<typeof findDefinitions>[1], feature: string, userPatterns?: string[]) =>
  findDefinitions(text, language, feature, { userPatterns }).candidates.map((c) => [c.line, c.column, c.kind] as [number, number, DefinitionKind]);

describe('languageOf', () => {
  it('knows the research languages by extension, case-insensitively', () => {
    assert.equal(languageOf('research/features/value.py'), 'python');
    assert.equal(languageOf('src/features.ts'), 'typescript');
    assert.equal(languageOf('sql/FEATURES.SQL'), 'sql');
    assert.equal(languageOf('r/value.R'), 'r');
    assert.equal(languageOf('value.r'), 'r');
    assert.equal(languageOf('jl/value.jl'), 'julia');
    assert.equal(languageOf('notes.txt'), 'other');
    assert.equal(languageOf('folder.py/README'), 'other');
  });
});

describe('lookupNames', () => {
  it('adds the bare name of a factor-prefixed feature', () => {
    assert.deepEqual(lookupNames('value__ep_fy1'), ['value__ep_fy1', 'ep_fy1']);
    assert.deepEqual(lookupNames('value.ep_fy1'), ['value.ep_fy1', 'ep_fy1']);
    assert.deepEqual(lookupNames('ep_fy1'), ['ep_fy1']);
  });
});

describe('findDefinitions', () => {
  describe('Python', () => {
    it('finds def and async def, indented or not', () => {
      assert.deepEqual(found('import x\n\ndef ep_fy1(df):\n    return 1\n', 'python', 'ep_fy1'), [[2, 4, 'function']]);
      assert.deepEqual(found('class F:\n    async def ep_fy1 (self):\n        pass', 'python', 'ep_fy1'), [[1, 14, 'function']]);
    });

    it('finds NAME = and NAME: type = at line start, not == or a longer name', () => {
      assert.deepEqual(found('ep_fy1 = compute()', 'python', 'ep_fy1'), [[0, 0, 'assignment']]);
      assert.deepEqual(found('ep_fy1: pd.Series = compute()', 'python', 'ep_fy1'), [[0, 0, 'assignment']]);
      assert.deepEqual(found('if ep_fy1 == 3:\nep_fy1_x = 1\nx = ep_fy1\nep_fy1 == 2', 'python', 'ep_fy1'), []);
    });

    it('finds "NAME": and \'NAME\': dict keys, several on a line', () => {
      assert.deepEqual(found('FEATURES = {"bp": book, "ep_fy1": earnings}', 'python', 'ep_fy1'), [[0, 25, 'dictKey']]);
      assert.deepEqual(found("FEATURES = {\n    'ep_fy1': earnings,\n}", 'python', 'ep_fy1'), [[1, 5, 'dictKey']]);
      assert.deepEqual(found('__all__ = ["ep_fy1", "bp"]', 'python', 'ep_fy1'), [], 'a list entry is not a definition');
    });

    it('finds @feature("NAME"), @feature(\'NAME\') and @register("NAME") decorators', () => {
      assert.deepEqual(found('@feature("ep_fy1")\ndef earnings(df):', 'python', 'ep_fy1'), [[0, 10, 'decorator']]);
      assert.deepEqual(found("@feature('ep_fy1')", 'python', 'ep_fy1'), [[0, 10, 'decorator']]);
      assert.deepEqual(found('@registry.register("ep_fy1")', 'python', 'ep_fy1'), [[0, 20, 'decorator']]);
      assert.deepEqual(found('@feature(name="ep_fy1")', 'python', 'ep_fy1'), [[0, 15, 'decorator']]);
      assert.deepEqual(found('@feature("ep_fy1\')', 'python', 'ep_fy1'), [], 'mismatched quotes');
    });
  });

  it('finds SQL aliases with AS in any case, quoted or not', () => {
    assert.deepEqual(found('SELECT eps / price AS ep_fy1,\n  book as "bp"\nFROM t', 'sql', 'ep_fy1'), [[0, 22, 'sqlAlias']]);
    assert.deepEqual(found('SELECT eps / price AS ep_fy1,\n  book as "bp"\nFROM t', 'sql', 'bp'), [[1, 11, 'sqlAlias']]);
    assert.deepEqual(found('select x As ep_fy1_raw from t', 'sql', 'ep_fy1'), []);
  });

  it('finds R functions and assignments', () => {
    assert.deepEqual(found('ep_fy1 <- function(df) {\n}', 'r', 'ep_fy1'), [[0, 0, 'function']]);
    assert.deepEqual(found('ep_fy1 = function(df) df$eps', 'r', 'ep_fy1'), [[0, 0, 'function']]);
    assert.deepEqual(found('ep_fy1 <- df$eps / df$price', 'r', 'ep_fy1'), [[0, 0, 'assignment']]);
    assert.deepEqual(found('ep_fy1 = 3', 'r', 'ep_fy1'), [[0, 0, 'assignment']]);
  });

  it('finds Julia functions and assignments', () => {
    assert.deepEqual(found('function ep_fy1(df)\nend', 'julia', 'ep_fy1'), [[0, 9, 'function']]);
    assert.deepEqual(found('ep_fy1(df) = df.eps ./ df.price', 'julia', 'ep_fy1'), [[0, 0, 'function']]);
    assert.deepEqual(found('const ep_fy1 = 3', 'julia', 'ep_fy1'), [[0, 6, 'assignment']]);
  });

  it('finds TypeScript functions and const/let/var', () => {
    assert.deepEqual(found('export async function ep_fy1(df: Frame) {}', 'typescript', 'ep_fy1'), [[0, 22, 'function']]);
    assert.deepEqual(found('export const ep_fy1: Feature = (df) => df.eps;', 'typescript', 'ep_fy1'), [[0, 13, 'assignment']]);
    assert.deepEqual(found('let ep_fy1 = 1;\nvar ep_fy1 = 2;', 'typescript', 'ep_fy1'), [[0, 4, 'assignment'], [1, 4, 'assignment']]);
    assert.deepEqual(found("const features = { 'ep_fy1': f };", 'typescript', 'ep_fy1'), [[0, 20, 'dictKey']]);
  });

  it('escapes the feature name (a dot is not a wildcard)', () => {
    assert.deepEqual(found('value_ep_fy1 = 1\nvalue.ep_fy1 = 2', 'other', 'value.ep_fy1').slice(0, 1), [[1, 0, 'assignment']]);
    assert.deepEqual(found('a = 1', 'python', 'a+'), []);
  });

  it('looks a factor-prefixed feature up by its bare name too, exact names first', () => {
    const text = 'def ep_fy1(df):\n    pass\n\nFEATURES = {"value__ep_fy1": ep_fy1}\n';
    const { candidates } = findDefinitions(text, 'python', 'value__ep_fy1');
    assert.deepEqual(candidates.map((c) => [c.name, c.exact, c.kind]), [
      ['ep_fy1', false, 'function'],
      ['value__ep_fy1', true, 'dictKey'],
    ]);
    assert.deepEqual(found('def ep_fy1(df):', 'python', 'value.ep_fy1'), [[0, 4, 'function']]);
    // Same kind: the exact name wins.
    assert.deepEqual(findDefinitions('def ep_fy1(df):\ndef value__ep_fy1(df):', 'python', 'value__ep_fy1').candidates.map((c) => c.line), [1, 0]);
  });

  it('ranks def and decorator above assignment above dict key above SQL alias', () => {
    const text = ['X = {"bp": 1}', 'bp = 2', 'q = "select 1 AS bp"', '@feature("bp")', 'def bp(df):'].join('\n');
    assert.deepEqual(found(text, 'other', 'bp'), [
      [3, 10, 'decorator'],
      [4, 4, 'function'],
      [1, 0, 'assignment'],
      [0, 6, 'dictKey'],
      [2, 17, 'sqlAlias'],
    ]);
  });

  it('gives one candidate per line, the strongest', () => {
    assert.deepEqual(found('bp = {"bp": 1}', 'python', 'bp'), [[0, 0, 'assignment']]);
  });

  it('uses user patterns with {name} (the name escaped), ranked with functions', () => {
    const patterns = [String.raw`register_feature\(\s*["']{name}["']`];
    assert.deepEqual(found('x = 1\nregister_feature( "ep_fy1", fn)', 'python', 'ep_fy1', patterns), [[1, 19, 'pattern']]);
    assert.deepEqual(found('register_feature("value.ep_fy1")\nregister_feature("valueXep_fy1")', 'python', 'value.ep_fy1', patterns), [[0, 18, 'pattern']]);
    assert.deepEqual(found('FEATURE ep_fy1 IS eps', 'other', 'ep_fy1', [String.raw`^FEATURE {name} IS`]), [[0, 8, 'pattern']]);
  });

  it('turns bad user patterns into warnings and ignores them', () => {
    const { candidates, warnings } = findDefinitions('def ep_fy1(df):', 'python', 'ep_fy1', { userPatterns: ['({name}', 'no placeholder', String.raw`def {name}\(`] });
    assert.equal(candidates.length, 1);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0].message, /'\(\{name\}' is not a valid regular expression/);
    assert.match(warnings[1].message, /has no \{name\} placeholder/);
    assert.deepEqual(checkUserPatterns(['[', 'ok {name}']).map((w) => w.pattern), ['[']);
  });

  it('allows {name} twice in a user pattern', () => {
    assert.deepEqual(found('ep_fy1 := ep_fy1', 'other', 'ep_fy1', ['^{name} := {name}$']), [[0, 0, 'pattern']]);
  });

  it('finds nothing for an empty feature or text without the name', () => {
    assert.deepEqual(found('def ep_fy1(df):', 'python', ''), []);
    assert.deepEqual(found('def bp(df):', 'python', 'ep_fy1'), []);
  });

  it('reads CRLF files', () => {
    assert.deepEqual(found('x = 1\r\ndef ep_fy1(df):\r\n', 'python', 'ep_fy1'), [[1, 4, 'function']]);
  });
});

describe('scanDefinitions', () => {
  it('lists every definition of a file, several per line', () => {
    const text = ['@feature("bp")', 'def book(df):', 'FEATURES = {"ep_fy1": f, \'sp\': g}', '    if x == 1:'].join('\n');
    const { definitions } = scanDefinitions(text, 'python');
    assert.deepEqual(definitions.map((d) => [d.name, d.line, d.column, d.kind]), [
      ['bp', 0, 10, 'decorator'],
      ['book', 1, 4, 'function'],
      ['FEATURES', 2, 0, 'assignment'],
      ['ep_fy1', 2, 13, 'dictKey'],
      ['sp', 2, 26, 'dictKey'],
    ]);
  });

  it('scans SQL aliases and user patterns', () => {
    assert.deepEqual(scanDefinitions('select a AS ep_fy1, b as bp', 'sql').definitions.map((d) => d.name), ['ep_fy1', 'bp']);
    const { definitions, warnings } = scanDefinitions('FEATURE ep_fy1 IS eps', 'other', { userPatterns: ['^FEATURE {name} IS', '('] });
    assert.deepEqual(definitions.map((d) => [d.name, d.kind]), [['ep_fy1', 'pattern']]);
    assert.equal(warnings.length, 1);
  });

  it('finds the definitions of the sample research code', () => {
    const text = 'from ._common import zscore\n\n__all__ = ["ep_fy1", "bp"]\n\n\ndef ep_fy1(df: pd.DataFrame) -> pd.Series:\n    """Forward earnings yield."""\n    return zscore(df["eps_fy1_mean"] / df["price"])\n';
    const { definitions } = scanDefinitions(text, 'python');
    assert.deepEqual(definitions.map((d) => [d.name, d.line, d.column, d.kind]), [
      ['__all__', 2, 0, 'assignment'],
      ['ep_fy1', 5, 4, 'function'],
    ]);
  });
});

describe('rankAcrossFiles', () => {
  it('orders by rank, then by file order, then by line', () => {
    const a = findDefinitions('bp = 1\ndef bp(x):', 'python', 'bp').candidates;
    const b = findDefinitions('def bp(x):', 'python', 'bp').candidates;
    assert.deepEqual(
      rankAcrossFiles([
        { file: 'a.py', candidates: a },
        { file: 'b.py', candidates: b },
      ]).map(({ file, candidate }) => `${file}:${candidate.line}`),
      ['a.py:1', 'b.py:0', 'a.py:0'],
    );
  });
});
