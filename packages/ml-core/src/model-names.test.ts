import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHURN_CANDIDATE_NAMES,
  chosenForecasterName,
  churnCandidateName,
  FORECAST_CANDIDATE_NAMES,
  forecastCandidateName,
  MODEL_NAMES,
  RECOMMENDER_NAMES,
  RECOMMENDER_SHORT_NAMES,
  recommenderName,
} from './model-names';

describe('model names', () => {
  it('imports nothing at run time, so client components can use it without TensorFlow.js', () => {
    const source = readFileSync(new URL('./model-names.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((line) => /^import\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
  });

  it('names the recommenders, a blend by what it mixes', () => {
    expect(recommenderName('ease')).toBe('Item-to-item regression (EASE)');
    expect(recommenderName('ensemble', ['ease', 'ials'])).toBe('Blend (EASE + ALS)');
    expect(recommenderName('ensemble')).toBe('Blend of two models');
    expect(recommenderName('new_model')).toBe('new_model');
    // Each short name is the one its full name carries, so a sentence and the leaderboard agree.
    for (const name of ['item_knn', 'rp3beta', 'ease', 'ials'] as const) {
      expect(RECOMMENDER_NAMES[name].toLowerCase()).toContain(
        RECOMMENDER_SHORT_NAMES[name].toLowerCase(),
      );
    }
  });

  it('names the churn candidates, an ensemble by what it averages', () => {
    expect(churnCandidateName({ name: 'ensemble', members: ['gbdt', 'mlp'] })).toBe(
      'Ensemble (gradient-boosted trees + neural network)',
    );
    expect(churnCandidateName({ name: 'ensemble' })).toBe(CHURN_CANDIDATE_NAMES.ensemble);
    expect(churnCandidateName({ name: 'logistic' })).toBe('Logistic regression');
  });

  it('names the forecasters; seasonal naive without a season is "no growth"', () => {
    expect(forecastCandidateName('seasonal_naive', 12)).toBe(
      FORECAST_CANDIDATE_NAMES.seasonal_naive,
    );
    expect(forecastCandidateName('seasonal_naive', 1)).toBe('Last value (no growth)');
    expect(forecastCandidateName('seasonal_naive')).toBe(FORECAST_CANDIDATE_NAMES.seasonal_naive);
    const ets = { alpha: 0.3, beta: 0.1, gamma: null, phi: 0.9, seasonal: 'none' as const };
    expect(chosenForecasterName('ets', 12, { ...ets, error: 'multiplicative' })).toBe(
      'Exponential smoothing with damped compound growth',
    );
    expect(chosenForecasterName('drift', 12, { ...ets, error: 'additive' })).toBe(
      'Straight-line trend (drift)',
    );
  });

  it('names every task’s ensemble plainly when the task is unknown', () => {
    expect(MODEL_NAMES.ensemble).toBe('Ensemble');
    expect(MODEL_NAMES.mlp).toBe(CHURN_CANDIDATE_NAMES.mlp);
    expect(MODEL_NAMES.ials).toBe(RECOMMENDER_NAMES.ials);
  });
});
