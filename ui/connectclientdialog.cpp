// SPDX-License-Identifier: MIT
#include "connectclientdialog.h"

#include "mcp/mcpclientconfig.h"
#include "mcp/mcphttptokenstore.h"

#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QTextDocument>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::McpClientConfig;
using Core::McpHttpTokenStore;

ConnectClientDialog::ConnectClientDialog(const QString &binaryPath, const QString &mediaPath, QWidget *parent,
                                         const QString &tokenFilePath)
    : QDialog(parent)
    , m_binaryPath(binaryPath)
    , m_mediaPath(mediaPath)
    , m_tokenFilePath(tokenFilePath)
    , m_client(new QComboBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_hint(new QLabel(this))
    , m_rotate(new QPushButton(tr("&Rotate token"), this))
{
    setWindowTitle(tr("Connect an MCP client"));
    m_client->setObjectName(QStringLiteral("client"));
    for (const QString &client : McpClientConfig::clients())
        m_client->addItem(McpClientConfig::displayName(client), client);
    m_client->addItem(tr("Streamable HTTP (sanzaru-qt serve --http)"), McpClientConfig::httpClient());
    m_text->setObjectName(QStringLiteral("configText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);

    auto *copyButton = new QPushButton(tr("&Copy"), this);
    copyButton->setObjectName(QStringLiteral("copy"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(copyButton, QDialogButtonBox::ActionRole);
    m_rotate->setObjectName(QStringLiteral("rotate"));
    m_rotate->setToolTip(tr("Replace the HTTP token; clients using the old one are refused from now on"));
    buttons->addButton(m_rotate, QDialogButtonBox::ActionRole);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("&Client:"), this));
    top->addWidget(m_client, 1);
    static_cast<QLabel *>(top->itemAt(0)->widget())->setBuddy(m_client);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
    resize(720, 420);

    connect(m_client, &QComboBox::currentIndexChanged, this, &ConnectClientDialog::refresh);
    connect(copyButton, &QPushButton::clicked, this, &ConnectClientDialog::copy);
    connect(m_rotate, &QPushButton::clicked, this, &ConnectClientDialog::rotateToken);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectClientDialog::reject);
    refresh();
}

ConnectClientDialog::~ConnectClientDialog() = default;

QString ConnectClientDialog::client() const
{
    return m_client->currentData().toString();
}

void ConnectClientDialog::setClient(const QString &client)
{
    const int index = m_client->findData(client);
    if (index >= 0)
        m_client->setCurrentIndex(index);
}

QString ConnectClientDialog::text() const
{
    return m_text->toPlainText();
}

void ConnectClientDialog::copy()
{
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text());
}

void ConnectClientDialog::rotateToken()
{
    if (!m_tokens)
        m_tokens = std::make_unique<McpHttpTokenStore>(
            m_tokenFilePath.isEmpty() ? McpHttpTokenStore::defaultFilePath() : m_tokenFilePath);
    const Core::Result<QByteArray> rotated = m_tokens->rotate();
    refresh();
    m_hint->setText(rotated
                        ? tr("New token saved. A running \"sanzaru-qt serve --http\" accepts only the new "
                             "one from its next request: update your clients with the text above.")
                        : tr("Could not rotate the token: %1").arg(rotated.error().message));
}

void ConnectClientDialog::fitWidthToText()
{
    // The token line is longer than the default width: widen the dialog rather than hide part of the
    // secret behind a scroll bar, within the screen.
    const QFontMetrics metrics(m_text->font());
    int widest = 0;
    for (const QString &line : m_text->toPlainText().split(QLatin1Char('\n')))
        widest = qMax(widest, metrics.horizontalAdvance(line));
    const QMargins margins = layout()->contentsMargins();
    int needed = widest + 2 * int(m_text->document()->documentMargin()) + 2 * m_text->frameWidth() +
                 margins.left() + margins.right() + metrics.averageCharWidth() * 2;
    if (const QScreen *screen = this->screen())
        needed = qMin(needed, screen->availableGeometry().width() - 40);
    if (needed > width())
        resize(needed, height());
}

void ConnectClientDialog::refresh()
{
    const bool http = client() == McpClientConfig::httpClient();
    m_rotate->setVisible(http);
    if (http) {
        // The token file is touched only when the user asks for the HTTP set-up.
        if (!m_tokens)
            m_tokens = std::make_unique<McpHttpTokenStore>(
                m_tokenFilePath.isEmpty() ? McpHttpTokenStore::defaultFilePath() : m_tokenFilePath);
        const Core::Result<QByteArray> token = m_tokens->token();
        if (!token) {
            m_text->clear();
            m_hint->setText(tr("The HTTP token is unavailable: %1").arg(token.error().message));
            return;
        }
        const McpClientConfig::Output config = McpClientConfig::generateHttp(
            McpClientConfig::defaultHttpPort, QString::fromLatin1(token.value()));
        m_text->setPlainText(config.text);
        m_hint->setText(tr("Paste into %1 (or any port; change the URL to match). The token is a secret: "
                           "whoever has it can use your API key.")
                            .arg(config.pasteInto));
        fitWidthToText();
        return;
    }
    const std::optional<McpClientConfig::Output> config =
        McpClientConfig::generate(client(), m_binaryPath, m_mediaPath);
    m_text->setPlainText(config ? config->text : QString());
    const QString placeholder = McpClientConfig::placeholders().join(QStringLiteral(", "));
    if (!config)
        m_hint->clear();
    else if (config->pasteInto.isEmpty())
        m_hint->setText(tr("Run this in a shell after replacing %1 with your keys and your video gateway "
                           "(OpenAI serves the images; a gateway serves video).")
                            .arg(placeholder));
    else
        m_hint->setText(tr("Paste into %1 and replace %2 with your keys and your video gateway (OpenAI "
                           "serves the images; a gateway serves video).")
                            .arg(config->pasteInto, placeholder));
}

} // namespace Sanzaru::Ui
