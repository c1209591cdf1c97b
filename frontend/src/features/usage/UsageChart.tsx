import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import { Bar } from 'react-chartjs-2'
import type { UsageSummary } from '@/api'
import { daySeries, type Metric, type Split } from './chartData'
import { dollars, tokens } from './format'

// Only the parts a stacked bar chart needs: chart.js tree-shakes the rest.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

const colours = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777', '#6b7280']

/**
 * UsageChart is the day-by-day bar chart, stacked by model or workspace.
 * Loaded on first use of the Usage page (React.lazy): chart.js stays out of
 * the start-up bundle.
 */
export default function UsageChart({ summary, split, metric }: { summary: UsageSummary; split: Split; metric: Metric }) {
  const series = daySeries(summary, split, metric)
  const fmt = (v: number) => (metric === 'cost' ? dollars(Math.round(v * 1e6)) : tokens(v))
  return (
    <div className="h-64" data-testid="usage-chart">
      <Bar
        aria-label={`${metric === 'cost' ? 'Cost' : 'Tokens'} per day by ${split}`}
        role="img"
        data={{
          labels: summary.days.map((d) => d.slice(5)),
          datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colours[i % colours.length], stack: 'all' })),
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => fmt(Number(v)) } } },
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 12 } },
            tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt(Number(c.raw))}` } },
          },
        }}
      />
    </div>
  )
}
