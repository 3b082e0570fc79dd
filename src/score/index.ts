export { loadRubric, parseRubric, PHASES, type Rubric, type Indicator, type Criterion, type Phase, type Requirement } from './rubric.ts';
export { evaluateCity, scoreCriteria, startEvaluation, type CityEvaluation, type CriterionScore, type EvaluationRun } from './evaluate.ts';
export { assignPhase, holds, type PhaseResult } from './phase.ts';
export { CRITERIA_COLUMNS, criteriaRows, cityScoreCells, scoreColumns, type CriteriaRow } from './rows.ts';
export { summaryTable } from './summary.ts';
