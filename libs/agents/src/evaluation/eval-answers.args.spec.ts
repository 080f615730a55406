import { resolve } from 'node:path';
import { parseEvalAnswersArgs } from './eval-answers.args';

describe('parseEvalAnswersArgs', () => {
  it('reads the dataset folder, the split and the limit', () => {
    expect(parseEvalAnswersArgs(['--beir', '.eval/covid_qa', '--limit', '300'])).toEqual({
      options: { dir: resolve('.eval/covid_qa'), split: 'test', limit: 300 },
    });
    expect(parseEvalAnswersArgs(['--beir', 'x', '--split', 'dev'])).toEqual({
      options: { dir: resolve('x'), split: 'dev', limit: null },
    });
  });

  it('asks for the usage when --beir is missing (exit 2) or help is requested (exit 0)', () => {
    expect(parseEvalAnswersArgs([])).toEqual({ help: true, exitCode: 2 });
    expect(parseEvalAnswersArgs(['--help'])).toEqual({ help: true, exitCode: 0 });
  });

  it('rejects a limit that is not a positive whole number, a strange split and unknown flags', () => {
    for (const limit of ['0', '-3', '2.5', 'ten', '']) {
      expect(() => parseEvalAnswersArgs(['--beir', 'x', `--limit=${limit}`])).toThrow(
        `--limit: expected a positive whole number, got "${limit}"`,
      );
    }
    expect(() => parseEvalAnswersArgs(['--beir', 'x', '--split', '../etc'])).toThrow('--split: expected a split name');
    expect(() => parseEvalAnswersArgs(['--beir', 'x', '--top', '3'])).toThrow(/Unknown option '--top'/);
  });
});
