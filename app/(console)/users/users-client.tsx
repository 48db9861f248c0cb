"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TActionResult, TUserRow } from "@/lib/schemas/user";
import { changeUserRoleAction, setUserDisabledAction } from "./actions";
import { AddUserForm } from "./add-user-form";
import { ResetPasswordForm } from "./reset-password-form";
import { ROLE_OPTIONS } from "./role-options";

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

export function UsersClient({ users, currentUserId }: { users: TUserRow[]; currentUserId: string }) {
  const [result, setResult] = useState<TActionResult | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<TActionResult>) =>
    startTransition(async () => {
      setResult(await action());
    });

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-muted-foreground">Who can use this console, and with which role.</p>
      </div>

      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="users-message">
          {result.ok ? result.message : result.error}
        </Alert>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Add a user</CardTitle>
          <CardDescription>Viewers read; operators also act on queues; admins manage users and configuration.</CardDescription>
        </CardHeader>
        <CardContent>
          <AddUserForm onResult={setResult} />
        </CardContent>
      </Card>

      <Card>
        <CardContent className="pt-2">
          <Table data-testid="users-table">
            <TableHeader>
              <TableRow>
                <TableHead>Username</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Last login</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.map((user) => (
                <TableRow key={user.id} data-testid={`user-row-${user.username}`}>
                  <TableCell className="font-medium">
                    {user.username}
                    {user.id === currentUserId && <span className="ml-2 text-xs text-muted-foreground">(you)</span>}
                  </TableCell>
                  <TableCell>
                    <Select
                      aria-label={`Role of ${user.username}`}
                      value={user.role}
                      disabled={pending}
                      onChange={(e) => run(() => changeUserRoleAction({ userId: user.id, role: e.target.value }))}
                      className="h-8"
                    >
                      {ROLE_OPTIONS.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  </TableCell>
                  <TableCell>{user.disabled ? <Badge variant="destructive">Disabled</Badge> : <Badge variant="success">Active</Badge>}</TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(user.lastLoginAt)}</TableCell>
                  <TableCell>
                    <div className="flex items-center justify-end gap-1">
                      <ResetPasswordForm userId={user.id} username={user.username} onResult={setResult} />
                      <Button
                        variant={user.disabled ? "secondary" : "destructive"}
                        size="sm"
                        disabled={pending}
                        onClick={() => run(() => setUserDisabledAction({ userId: user.id, disabled: !user.disabled }))}
                      >
                        {user.disabled ? "Enable" : "Disable"}
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
