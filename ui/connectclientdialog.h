// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Sanzaru::Core {
class McpHttpTokenStore;
}

namespace Sanzaru::Ui {

/// "Connect an MCP client": the set-up text for Claude Desktop, Claude Code or Cursor, read-only with a
/// Copy button. The text comes from Core::McpClientConfig, the same generator as
/// `sanzaru-qt mcp --print-config CLIENT`, so both always agree. The "Streamable HTTP" entry shows the
/// set-up for `serve --http` with the endpoint's bearer token (read or created only when that entry is
/// chosen) and a Rotate button that replaces the token; a running server takes the new one from its next
/// request on.
class ConnectClientDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectClientDialog)

public:
    /// binaryPath: the sanzaru-qt executable the client launches; mediaPath: the SANZARU_MEDIA_PATH to put
    /// in.
    /// tokenFilePath: the HTTP token file; empty = McpHttpTokenStore::defaultFilePath().
    ConnectClientDialog(const QString &binaryPath, const QString &mediaPath, QWidget *parent = nullptr,
                        const QString &tokenFilePath = {});
    ~ConnectClientDialog() override;

    /// "claude-desktop", "claude-code", "cursor" or "http".
    QString client() const;
    void setClient(const QString &client);
    /// The text shown (what Copy puts on the clipboard).
    QString text() const;

public slots:
    void copy();
    /// Replaces the HTTP bearer token (the "http" entry's Rotate button).
    void rotateToken();

private:
    void refresh();
    void fitWidthToText();

    QString m_binaryPath;
    QString m_mediaPath;
    QString m_tokenFilePath;
    std::unique_ptr<Core::McpHttpTokenStore> m_tokens;
    QComboBox *m_client;
    QPlainTextEdit *m_text;
    QLabel *m_hint;
    QPushButton *m_rotate;
};

} // namespace Sanzaru::Ui
