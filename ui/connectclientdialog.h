// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace Sanzaru::Ui {

/// "Connect an MCP client": the set-up text for Claude Desktop, Claude Code or Cursor, read-only with a
/// Copy button. The text comes from Core::McpClientConfig, the same generator as
/// `sanzaru-qt mcp --print-config CLIENT`, so both always agree.
class ConnectClientDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectClientDialog)

public:
    /// binaryPath: the sanzaru-qt executable the client launches; mediaPath: the SANZARU_MEDIA_PATH to put
    /// in.
    ConnectClientDialog(const QString &binaryPath, const QString &mediaPath, QWidget *parent = nullptr);

    /// "claude-desktop", "claude-code" or "cursor".
    QString client() const;
    void setClient(const QString &client);
    /// The text shown (what Copy puts on the clipboard).
    QString text() const;

public slots:
    void copy();

private:
    void refresh();

    QString m_binaryPath;
    QString m_mediaPath;
    QComboBox *m_client;
    QPlainTextEdit *m_text;
    QLabel *m_hint;
};

} // namespace Sanzaru::Ui
