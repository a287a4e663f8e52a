/** Lime ⇄ limebridge ⇄ CRM, drawn small: what goes which way. Labels come from i18n. */
import { useT } from '../i18n/i18n.tsx';

export function FlowDiagram() {
  const t = useT();
  return (
    <svg className="flow-diagram" viewBox="0 0 800 150" role="img" aria-label={t('intro.diagramLabel')}>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#64748b" />
        </marker>
      </defs>
      <Box x={10} title={t('intro.diagramLime')} subtitle={t('intro.diagramLimeSub')} tone="lime" />
      <Box x={325} title="limebridge" subtitle={t('intro.diagramHubSub')} tone="hub" />
      <Box x={640} title={t('intro.diagramCrm')} subtitle={t('intro.diagramCrmSub')} tone="crm" />
      <Arrow x1={160} x2={323} y={52} label={t('intro.diagramEvents')} />
      <Arrow x1={475} x2={638} y={52} label={t('intro.diagramContacts')} />
      <Arrow x1={638} x2={475} y={104} label={t('intro.diagramPreorders')} />
      <Arrow x1={323} x2={160} y={104} label={t('intro.diagramBack')} />
    </svg>
  );
}

function Box(props: { x: number; title: string; subtitle: string; tone: 'lime' | 'hub' | 'crm' }) {
  return (
    <g className={`diagram-box diagram-${props.tone}`}>
      <rect x={props.x} y={20} width={150} height={110} rx={12} />
      <text x={props.x + 75} y={70} textAnchor="middle" className="diagram-title">
        {props.title}
      </text>
      <text x={props.x + 75} y={92} textAnchor="middle" className="diagram-sub">
        {props.subtitle}
      </text>
    </g>
  );
}

function Arrow(props: { x1: number; x2: number; y: number; label: string }) {
  return (
    <g className="diagram-arrow">
      <line x1={props.x1} y1={props.y} x2={props.x2} y2={props.y} markerEnd="url(#arrow)" />
      <text x={(props.x1 + props.x2) / 2} y={props.y - 7} textAnchor="middle">
        {props.label}
      </text>
    </g>
  );
}
