import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppLayout } from './components/AppLayout';
import { TeamsPage } from './features/admin/TeamsPage';
import { UsersPage } from './features/admin/UsersPage';
import { RequireAdmin, RequireAuth } from './features/auth/guards';
import { LoginPage } from './features/auth/LoginPage';
import { CrashPage } from './features/errors/CrashPage';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { DashboardPage } from './features/reports/DashboardPage';
import { ReportPage } from './features/reports/ReportPage';

const router = createBrowserRouter([
  {
    errorElement: <CrashPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'reports/:id', element: <ReportPage /> },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'teams', element: <TeamsPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
