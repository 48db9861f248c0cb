import type { BadgeVariant } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn, formatCount } from "@/lib/utils";

const TONES: Record<BadgeVariant, string> = {
  default: "border-l-primary",
  secondary: "border-l-border",
  success: "border-l-success",
  warning: "border-l-warning",
  destructive: "border-l-destructive",
};

export function StatCard({ title, value, hint, tone = "default", testId }: { title: string; value: number; hint: string; tone?: BadgeVariant; testId?: string }) {
  return (
    <Card className={cn("border-l-4", TONES[tone])}>
      <CardHeader>
        <CardTitle className="text-muted-foreground font-medium">{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <div className="text-2xl font-semibold tabular-nums" data-testid={testId}>
          {formatCount(value)}
        </div>
        <CardDescription className="mt-1">{hint}</CardDescription>
      </CardContent>
    </Card>
  );
}
